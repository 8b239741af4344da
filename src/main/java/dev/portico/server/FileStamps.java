package dev.portico.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A cheap fingerprint of a set of files: real path, modification time, size and file key of each.
 * The real path catches symlink swaps (Kubernetes secrets), the others in-place rewrites. Stats the
 * files, so it blocks: call it from a worker.
 */
final class FileStamps {
  private FileStamps() {}

  static String of(List<Path> files) {
    StringBuilder sb = new StringBuilder();
    for (Path file : files) {
      try {
        Path real = file.toRealPath();
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
        sb.append(real).append(':').append(attrs.lastModifiedTime().toMillis()).append(':').append(attrs.size())
            .append(':').append(attrs.fileKey());
      } catch (IOException e) {
        sb.append(file).append(":missing");
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
