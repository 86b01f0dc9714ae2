package radicchio.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * File-system steps whose effects must survive a crash: a new directory entry is only durable
 * once its parent directory is fsync'd, and a file's bytes once the file is. Used for the folder
 * layout; SQLite does the equivalent for its own files.
 */
final class DurableFiles {
  private DurableFiles() {}

  /** Creates {@code dir} and missing parents, fsyncing each parent that gained an entry. */
  static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      Files.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      return;
    }
    if (parent != null) {
      syncDirectory(parent);
    }
  }

  /** Writes {@code bytes} to {@code file} atomically (temp file, fsync, rename, fsync dir). */
  static void writeFile(Path file, byte[] bytes) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, bytes);
    syncFile(temp);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(file.getParent());
  }

  /** Renames {@code from} to {@code to} atomically and makes the rename durable. */
  static void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(to.getParent());
    if (!from.getParent().equals(to.getParent())) {
      syncDirectory(from.getParent());
    }
  }

  static void syncFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** fsync of a directory; a no-op where the platform cannot open directories (Windows). */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (System.getProperty("os.name", "").startsWith("Windows")) {
        return;
      }
      throw e;
    }
  }

  /** Deletes {@code root} and everything below it; a missing root is not an error. */
  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void deleteIfExists(Path path) throws IOException {
    try {
      Files.deleteIfExists(path);
    } catch (NoSuchFileException ignored) {
      // Already gone: the goal.
    }
  }
}
