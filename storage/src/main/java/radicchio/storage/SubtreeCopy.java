package radicchio.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Copies one store folder and its facet folders into a new folder, database by database, with
 * {@code VACUUM INTO} on a fresh connection to each source. That connection sees the source's
 * last committed state (WAL included, an open event's writes excluded) and SQLite writes a
 * consistent, compacted copy; the copy is then fsync'd. The copy is not visible to anyone until
 * the caller renames it into place.
 */
final class SubtreeCopy {
  private SubtreeCopy() {}

  static void copy(Path sourceStore, Path targetStore) throws IOException {
    DurableFiles.createDirectories(targetStore);
    Path sourceDb = sourceStore.resolve(ObjectStore.DATABASE_FILE);
    if (Files.isRegularFile(sourceDb)) {
      Path targetDb = targetStore.resolve(ObjectStore.DATABASE_FILE);
      vacuumInto(sourceDb, targetDb);
      DurableFiles.syncFile(targetDb);
    }
    Path sourceFacets = sourceStore.resolve(FacetIndex.FACETS_DIR);
    for (Path facet : FacetIndex.facetFolders(sourceFacets)) {
      Path targetFacet = targetStore.resolve(FacetIndex.FACETS_DIR).resolve(facet.getFileName());
      copy(facet, targetFacet);
      Path nameFile = facet.resolve(FacetIndex.NAME_FILE);
      if (Files.isRegularFile(nameFile)) {
        DurableFiles.writeFile(targetFacet.resolve(FacetIndex.NAME_FILE), Files.readAllBytes(nameFile));
      }
    }
    DurableFiles.syncDirectory(targetStore);
  }

  private static void vacuumInto(Path source, Path target) throws IOException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(5000);
    String targetLiteral = "'" + target.toAbsolutePath().toString().replace("'", "''") + "'";
    try (Connection connection = config.createConnection("jdbc:sqlite:" + source.toAbsolutePath());
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM INTO " + targetLiteral);
    } catch (SQLException e) {
      throw new IOException("copying a facet database failed: " + e.getMessage(), e);
    }
  }
}
