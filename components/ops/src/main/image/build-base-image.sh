#!/usr/bin/env bash
# Assembles river's offline container base image from files on this machine, for Jib (`tar://` base image):
#   /opt/java/openjdk   a Java 17 runtime made by jlink from the local JDK's jmods (the same path and PATH
#                       as eclipse-temurin:17-jre, so the images' entrypoint is the same on either base)
#   /lib*, /usr/lib*    every shared library that `ldd` lists for that runtime and for the native libraries
#                       inside the services' jars (ONNX Runtime, FFmpeg/JavaCPP, JNA ...), plus the loader
#   /bin/sh             dash: ONNX Runtime (1.29) runs `sh -c "echo \`blkid; hostname\`"` when it creates its
#                       environment and crashes the JVM (SIGSEGV in fclose) when there is no shell
#   /etc/passwd, group  user river (10001) the images run as; /tmp (1777) for native-library extraction
# Output: a `docker save` style tar (manifest.json, config, one layer).
# Usage: build-base-image.sh OUT.tar [JAR_DIR ...]   (JAR_DIRs: where to look for jars with native libraries)
set -euo pipefail

OUT=${1:?usage: build-base-image.sh OUT.tar [JAR_DIR ...]}
shift
JDK=${JDK_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}
MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.agent,jdk.jfr,jdk.zipfs,jdk.naming.dns,jdk.httpserver,jdk.net,jdk.localedata

[ -d "$JDK/jmods" ] || { echo "build-base-image: $JDK has no jmods (Debian: apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
"$JDK/bin/java" -version 2>&1 | grep -q '"17\.' || { echo "build-base-image: $JDK is not a Java 17 JDK" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/opt/java" "$root/tmp" "$root/etc" "$root/app" "$root/proc" "$root/sys" "$root/dev"
chmod 1777 "$root/tmp"

"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" --output "$root/opt/java/openjdk" \
  --strip-debug --no-header-files --no-man-pages --compress=2 >/dev/null

# ELF files whose libraries must be present: the runtime, and the linux x86-64 native libraries in the jars.
elves="$work/elves"
find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) > "$elves"
mkdir -p "$root/bin"
cp -L /bin/dash "$root/bin/sh"
echo "$root/bin/sh" >> "$elves"
natives="$work/natives"
mkdir -p "$natives"
for dir in "$@"; do
  [ -d "$dir" ] || continue
  for jar in "$dir"/*.jar; do
    unzip -Z1 "$jar" 2>/dev/null | grep -E '\.so(\.[0-9]+)*$' | grep -E 'linux.?(x86.?64|x64|amd64)' | while read -r entry; do
      unzip -q -o "$jar" "$entry" -d "$natives/$(basename "$jar")" 2>/dev/null || true
    done || true
  done
done
find "$natives" -type f >> "$elves"

libs="$work/libs"
: > "$libs"
while read -r f; do
  # "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
  LD_LIBRARY_PATH="$(dirname "$f"):$root/opt/java/openjdk/lib:$root/opt/java/openjdk/lib/server" ldd "$f" 2>/dev/null \
    | awk '/=> \// { print $3 } /^\t\// { print $1 }' >> "$libs" || true
done < "$elves"
bundled="$work/bundled"
find "$root/opt/java/openjdk" "$natives" -type f -printf '%f\n' | sort -u > "$bundled"
sort -u "$libs" | while read -r lib; do
  case "$lib" in "$work"/*) continue ;; esac
  grep -qxF "$(basename "$lib")" "$bundled" && continue   # shipped inside the runtime or the jar itself
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# the ELF interpreter, under both of its usual names
for ld in /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
  if [ -e "$ld" ] && [ ! -e "$root$ld" ]; then
    mkdir -p "$root$(dirname "$ld")"
    cp -L "$ld" "$root$ld"
  fi
done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
river:x:10001:10001:river:/tmp:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
river:x:10001:
GROUP
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
java_version=$("$root/opt/java/openjdk/bin/java" -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')
cat > "$work/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
   "JAVA_HOME=/opt/java/openjdk","JAVA_VERSION=$java_version","LANG=C.UTF-8"],"WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"river components/ops/src/main/image/build-base-image.sh: jlink runtime + ldd-listed libraries from this machine"}]}
CONFIG
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mkdir -p "$work/image"
mv "$work/layer.tar" "$work/image/$diff_id.tar"
mv "$work/config.json" "$work/image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["river-base-jre17:local"],"Layers":["%s.tar"]}]\n' "$config_id" "$diff_id" \
  > "$work/image/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/image" -cf "$OUT" manifest.json "$config_id.json" "$diff_id.tar"
echo "base image: $OUT ($(du -h "$OUT" | cut -f1), Java $java_version, $(sort -u "$libs" | wc -l) libraries checked)"
