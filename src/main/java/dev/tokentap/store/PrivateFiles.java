package dev.tokentap.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The rule for what TokenTap keeps on disk: only its user may read it. A directory is created
 * {@code rwx------} (0700) and a file {@code rw-------} (0600), whatever the umask; an existing one
 * loses every group and other permission (its owner's stay as they are: nothing is ever loosened).
 * For the data dir and its files, and for anyone else who creates them (the recorder re-creating a
 * deleted data dir).
 *
 * <p>On a file system without POSIX permissions (Windows, or FAT) what is missing is created and
 * nothing else happens: there the directory's inherited access rules decide who may read.
 */
public final class PrivateFiles {

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private PrivateFiles() {}

  /**
   * Creates {@code dir} (and its missing parents) 0700 when missing; takes the group's and others'
   * permissions off an existing one, unless it is a directory every user shares (sticky bit, as
   * {@code /tmp}).
   *
   * @return true when an existing dir was open to other users and now is not
   * @throws IOException when it cannot be created, or its permissions cannot be changed (not its
   *     owner, or a shared directory)
   */
  public static boolean dir(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      if (!posix(dir.toAbsolutePath().getRoot())) {
        Files.createDirectories(dir);
        return false;
      }
      Files.createDirectories(dir, attribute("rwx------"));
      try {
        // the umask may have taken an owner permission off
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (IOException e) {
        // a file system that takes no modes (FAT): created as private as it gets
      }
      return false;
    }
    return tighten(dir, true);
  }

  /** Whether {@code dir} has the sticky bit, as {@code /tmp} has. */
  private static boolean shared(Path dir) {
    try {
      return Files.getAttribute(dir, "unix:mode") instanceof Integer mode && (mode & 01000) != 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Creates {@code file} empty and 0600 when missing; takes the group's and others' permissions off
   * an existing one (its content stays).
   *
   * @return true when an existing file was open to other users and now is not
   * @throws IOException when it cannot be created, or its permissions cannot be changed
   */
  public static boolean file(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        if (posix(file.toAbsolutePath().getParent())) {
          Files.createFile(file, attribute("rw-------"));
        } else {
          Files.createFile(file);
        }
        return false;
      } catch (FileAlreadyExistsException e) {
        // created meanwhile: tightened below like any existing file
      }
    }
    return tighten(file, false);
  }

  /**
   * Like {@link #file} for a file that may not be there: takes the group's and others' permissions
   * off it if it exists, creates nothing.
   *
   * @return true when it was open to other users and now is not
   */
  static boolean fileIfPresent(Path file) throws IOException {
    return Files.exists(file) && tighten(file, false);
  }

  /** Its permissions as {@code ls} shows them ({@code rwxr-xr-x}), or null without POSIX ones. */
  static String mode(Path path) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      return view == null
          ? null
          : PosixFilePermissions.toString(view.readAttributes().permissions());
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static boolean tighten(Path path, boolean directory) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (view == null) {
      return false;
    }
    Set<PosixFilePermission> permissions = new HashSet<>(view.readAttributes().permissions());
    if (!permissions.removeAll(OTHERS)) {
      return false;
    }
    if (directory && shared(path)) {
      // /tmp and the like: closing it would break it for everyone else
      throw new IOException("a directory shared by all users: its sticky bit is set");
    }
    view.setPermissions(permissions);
    return true;
  }

  private static boolean posix(Path existing) {
    return existing != null
        && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(String mode) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
  }
}
