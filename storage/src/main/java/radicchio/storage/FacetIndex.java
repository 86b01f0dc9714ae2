package radicchio.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Maps a store's facet names to folders under its {@code facets/} folder.
 *
 * <p>A facet name is any string of at most 256 UTF-16 units, which as UTF-8 hex could reach
 * 1,536 characters, more than a file name may hold. So the folder is named by the SHA-256 of
 * the name's UTF-8 bytes (64 lowercase hex digits: fixed length, no case or character-set
 * issues on any file system) and the name itself is kept in the folder's {@code facet-name}
 * file, which is checked on open (a digest collision is refused) and read for listing.
 *
 * <p>Crash safety: a facet is deleted by first renaming its folder to {@code .deleting-<uuid>}
 * (one atomic, fsync'd step: after it the facet is gone), then removing the files; a clone is
 * built in {@code .cloning-<uuid>} and renamed into place once complete. Leftover dot-folders
 * from a crash are removed when the parent store opens. So a facet is always either wholly
 * present or absent, and a new facet never finds an old WAL file in its folder.
 */
final class FacetIndex {
  static final String FACETS_DIR = "facets";
  static final String NAME_FILE = "facet-name";

  private final Path facetsDir;

  FacetIndex(Path storeDir) {
    this.facetsDir = storeDir.resolve(FACETS_DIR);
  }

  static void checkName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("facet name must be a string");
    }
    if (name.length() > ObjectStore.MAX_FACET_NAME_LENGTH) {
      throw new IllegalArgumentException("Facet names cannot be longer than "
          + ObjectStore.MAX_FACET_NAME_LENGTH + " characters.");
    }
  }

  Path folderFor(String name) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest(Utf8Keys.encode(name));
      return facetsDir.resolve(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** The facet's folder, created (with its name file) if it does not exist yet. */
  Path prepare(String name) throws IOException {
    Path folder = folderFor(name);
    DurableFiles.createDirectories(folder);
    Path nameFile = folder.resolve(NAME_FILE);
    byte[] nameBytes = Utf8Keys.encode(name);
    if (Files.exists(nameFile)) {
      if (!java.util.Arrays.equals(Files.readAllBytes(nameFile), nameBytes)) {
        throw new StorageException("facet folder collision for name " + name);
      }
    } else {
      DurableFiles.writeFile(nameFile, nameBytes);
    }
    return folder;
  }

  boolean exists(String name) {
    return Files.isDirectory(folderFor(name));
  }

  /** Names of the facets present, in no particular order. */
  List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    for (Path folder : facetFolders(facetsDir)) {
      Path nameFile = folder.resolve(NAME_FILE);
      if (Files.isRegularFile(nameFile)) {
        names.add(new String(Files.readAllBytes(nameFile), StandardCharsets.UTF_8));
      }
    }
    return names;
  }

  /** Removes the facet's folder and all its descendants; unknown names are not an error. */
  void delete(String name) throws IOException {
    Path folder = folderFor(name);
    if (!Files.exists(folder)) {
      return;
    }
    Path tombstone = facetsDir.resolve(".deleting-" + UUID.randomUUID());
    DurableFiles.rename(folder, tombstone);
    DurableFiles.deleteRecursively(tombstone);
  }

  /** A fresh folder to build a clone in, later {@link #publish published}. */
  Path newStagingFolder() throws IOException {
    Path staging = facetsDir.resolve(".cloning-" + UUID.randomUUID());
    DurableFiles.createDirectories(staging);
    return staging;
  }

  /** Moves a complete staging folder into place as facet {@code name}. */
  void publish(Path staging, String name) throws IOException {
    DurableFiles.writeFile(staging.resolve(NAME_FILE), Utf8Keys.encode(name));
    DurableFiles.rename(staging, folderFor(name));
  }

  /** Removes half-deleted and half-cloned folders a crash left behind. */
  void removeLeftovers() throws IOException {
    if (!Files.isDirectory(facetsDir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(facetsDir, ".*")) {
      for (Path entry : entries) {
        DurableFiles.deleteRecursively(entry);
      }
    }
  }

  /** Facet folders directly under {@code facetsDir} (dot-folders are in-progress work). */
  static List<Path> facetFolders(Path facetsDir) throws IOException {
    List<Path> folders = new ArrayList<>();
    if (!Files.isDirectory(facetsDir)) {
      return folders;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(facetsDir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry) && !entry.getFileName().toString().startsWith(".")) {
          folders.add(entry);
        }
      }
    }
    return folders;
  }
}
