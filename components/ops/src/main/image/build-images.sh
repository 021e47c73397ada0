#!/usr/bin/env bash
# ./river images: container images of river-serve, river-proxy and river-onnx-worker without a Docker daemon (Jib
# jib:buildTar), written to routes/target/jib-image.tar, proxy/target/jib-image.tar, onnx-worker/target/jib-image.tar.
#   (default)   base image = components/ops/target/base-image/river-base-jre17.tar, assembled from this machine's JDK and
#               libraries (build-base-image.sh) and given to Jib as tar://; no registry is needed
#   --online    base image = the pom's jib.from.image (eclipse-temurin:17-jre), pulled from its registry
#   --from=IMG  any other base image reference Jib understands (registry image, tar://..., docker://...)
# The jars must be built (./river build); load a tar with `docker load -i` or `podman load -i`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../.." && pwd)"
cd "$ROOT"
BASE_TAR="$ROOT/components/ops/target/base-image/river-base-jre17.tar"
from="tar://$BASE_TAR"
offline=(-o)
for arg in "$@"; do
  case "$arg" in
    --online) from=""; offline=() ;;
    --from=*) from="${arg#--from=}"; offline=() ;;
    *) echo "river images: unknown option '$arg' (--online, --from=IMAGE)" >&2; exit 2 ;;
  esac
done

if [ "$from" = "tar://$BASE_TAR" ]; then
  # rebuilt when missing or older than the script (the libraries come from the built jars)
  if [ ! -f "$BASE_TAR" ] || [ "$ROOT/components/ops/src/main/image/build-base-image.sh" -nt "$BASE_TAR" ]; then
    bash "$ROOT/components/ops/src/main/image/build-base-image.sh" "$BASE_TAR" \
      "$ROOT/proxy/target/lib" "$ROOT/onnx-worker/target/lib" "$ROOT/routes/target/lib"
  fi
fi

props=()
[ -n "$from" ] && props+=("-Djib.from.image=$from")
mvn -B -q -Dstyle.color=never "${offline[@]}" -pl proxy,onnx-worker,routes "${props[@]}" jib:buildTar
for m in routes proxy onnx-worker; do
  printf '[river] %-40s %s\n' "$m/target/jib-image.tar" "$(du -h "$m/target/jib-image.tar" | cut -f1)" >&2
done
