package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FacetTest {
  private static final ObjectKey KEY = ObjectKey.of("Parent", "0a0b");
  private static final byte[] ONE = {1};

  @TempDir Path dataDir;
  private ObjectStore root;

  @BeforeEach
  void open() {
    root = ObjectStore.open(dataDir, KEY);
  }

  @AfterEach
  void close() {
    root.close();
  }

  @Test
  void facetHasItsOwnDatabaseInItsOwnFolder() throws Exception {
    ObjectStore facet = root.facet("child");
    assertSame(facet, root.facet("child"));
    assertTrue(facet.isFacet());
    assertEquals(2, facet.depth());
    assertEquals(List.of("child"), facet.facetPath());
    assertTrue(facet.directory().startsWith(root.directory().resolve("facets")));
    assertTrue(Files.isRegularFile(facet.directory().resolve(ObjectStore.DATABASE_FILE)));
    assertEquals("child", Files.readString(facet.directory().resolve("facet-name")));
  }

  @Test
  void parentCannotSeeFacetDataAndFacetCannotSeeParentData() {
    ObjectStore facet = root.facet("child");
    root.kv().put("parent-key", ONE);
    root.sql().exec("CREATE TABLE parent_table (x)");
    facet.kv().put("facet-key", ONE);
    facet.sql().exec("CREATE TABLE facet_table (x)");

    assertNull(facet.kv().get("parent-key"));
    assertNull(root.kv().get("facet-key"));
    assertThrows(StorageException.class, () -> facet.sql().exec("SELECT * FROM parent_table"));
    assertThrows(StorageException.class, () -> root.sql().exec("SELECT * FROM facet_table"));

    String facetDb = facet.directory().resolve(ObjectStore.DATABASE_FILE).toString();
    String rootDb = root.directory().resolve(ObjectStore.DATABASE_FILE).toString();
    assertThrows(SqlRefusedException.class,
        () -> root.sql().exec("ATTACH '" + facetDb + "' AS f"));
    assertThrows(SqlRefusedException.class,
        () -> facet.sql().exec("ATTACH ? AS p", rootDb));
  }

  @Test
  void facetNamesMayBeAnyStringUpTo256Characters() {
    String longName = "\uD83D\uDE00".repeat(128);
    String odd = "../../etc/passwd\u0000 ;'\"";
    root.facet(longName).kv().put("a", ONE);
    root.facet(odd).kv().put("b", ONE);
    root.facet("").kv().put("c", ONE);
    assertEquals(Set.of(longName, odd, ""), new HashSet<>(root.facetNames()));
    assertThrows(IllegalArgumentException.class, () -> root.facet("x".repeat(257)));
  }

  @Test
  void treeIsAtMostFourLevelsDeep() {
    ObjectStore level4 = root.facet("a").facet("b").facet("c");
    assertEquals(4, level4.depth());
    StorageException e = assertThrows(StorageException.class, () -> level4.facet("d"));
    assertTrue(e.getMessage().contains("4 levels"));
  }

  @Test
  void facetsCannotSetAlarms() {
    StorageException e = assertThrows(StorageException.class,
        () -> root.facet("child").alarms().setAlarm(System.currentTimeMillis() + 1000));
    assertEquals("Facets cannot set alarms.", e.getMessage());
    assertNull(root.facet("child").alarms().getAlarm());
  }

  @Test
  void deleteFacetRemovesItsDatabaseAndAllDescendants() {
    ObjectStore child = root.facet("child");
    child.kv().put("a", ONE);
    child.facet("grandchild").kv().put("b", ONE);
    Path folder = child.directory();
    root.deleteFacet("child");
    assertFalse(Files.exists(folder));
    assertThrows(IllegalStateException.class, () -> child.kv());
    ObjectStore fresh = root.facet("child");
    assertNull(fresh.kv().get("a"));
    assertNull(fresh.facet("grandchild").kv().get("b"));
    root.deleteFacet("never-existed");
  }

  @Test
  void cloneFacetCopiesTheSubtreeAndReplacesTheDestination() {
    ObjectStore source = root.facet("src");
    source.kv().put("a", ONE);
    source.sql().exec("CREATE TABLE t (x); INSERT INTO t VALUES (42)");
    source.facet("nested").kv().put("deep", ONE);
    root.facet("dst").kv().put("old", ONE);

    root.cloneFacet("src", "dst");

    ObjectStore copy = root.facet("dst");
    assertArrayEquals(ONE, copy.kv().get("a"));
    assertNull(copy.kv().get("old"));
    assertEquals(42L, copy.sql().exec("SELECT x FROM t").one().get("x"));
    assertArrayEquals(ONE, copy.facet("nested").kv().get("deep"));
    assertEquals(List.of("nested"), copy.facetNames());
    copy.kv().put("a", new byte[] {9});
    assertArrayEquals(ONE, source.kv().get("a"));
  }

  @Test
  void cloneCopiesOnlyCommittedState() {
    ObjectStore source = root.facet("src");
    source.kv().put("committed", ONE);
    source.beginEvent();
    source.kv().put("pending", ONE);
    root.cloneFacet("src", "dst");
    source.commitEvent();
    assertArrayEquals(ONE, root.facet("dst").kv().get("committed"));
    assertNull(root.facet("dst").kv().get("pending"));
  }

  @Test
  void cloningAMissingFacetLeavesAnEmptyDestination() {
    root.facet("dst").kv().put("old", ONE);
    root.cloneFacet("missing", "dst");
    assertTrue(root.facet("dst").kv().list().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> root.cloneFacet("dst", "dst"));
  }

  @Test
  void facetDataSurvivesReopeningTheParent() {
    root.facet("child").facet("grandchild").kv().put("a", ONE);
    root.close();
    root = ObjectStore.open(dataDir, KEY);
    assertArrayEquals(ONE, root.facet("child").facet("grandchild").kv().get("a"));
  }

  @Test
  void crashLeftoversAreRemovedOnOpen() throws Exception {
    root.facet("child");
    Path leftover = root.directory().resolve("facets").resolve(".deleting-x");
    Files.createDirectories(leftover.resolve("facets"));
    root.close();
    root = ObjectStore.open(dataDir, KEY);
    assertFalse(Files.exists(leftover));
    assertEquals(List.of("child"), root.facetNames());
  }
}
