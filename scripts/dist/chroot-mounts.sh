# Sourced by the scripts that run commands inside a Debian root (built by
# scripts/dist/chroot.sh): /proc and bind mounts under "$dir", each undone in
# reverse order when the script exits, also on Ctrl-C or TERM.
#
#   dir=/path/to/root; source scripts/dist/chroot-mounts.sh
#   chroot_mount_proc; chroot_bind SRC DEST [ro]
# A script with more to clean up sets its own EXIT trap and calls
# chroot_unmount_all from it.
chroot_mounts=()
chroot_unmount_all() {
  local i
  for ((i = ${#chroot_mounts[@]} - 1; i >= 0; i--)); do
    umount "${chroot_mounts[$i]}" 2>/dev/null || umount -l "${chroot_mounts[$i]}" || true
  done
  chroot_mounts=()
}
chroot_bind() {
  mkdir -p "$dir$2"
  mount --bind "$1" "$dir$2"
  chroot_mounts+=("$dir$2")
  [ -z "${3:-}" ] || mount -o remount,bind,ro "$dir$2"
}
chroot_mount_proc() {
  mountpoint -q "$dir/proc" || { mount -t proc proc "$dir/proc"; chroot_mounts+=("$dir/proc"); }
}
trap chroot_unmount_all EXIT
trap 'exit 130' INT TERM
