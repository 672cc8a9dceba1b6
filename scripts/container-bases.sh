#!/usr/bin/env bash
# Makes, locally, the two base images that docker/Dockerfile's FROM lines name, for machines
# that reach no image registry (this one: Debian packages, crates.io and PyPI only). Elsewhere
# the images are simply pulled and this script is not needed.
#
#   builder  (ARG BUILDER_IMAGE): Debian bookworm + gcc/libc6-dev + this machine's Rust
#            toolchain (copied from `rustc --print sysroot`, which must be the version the tag
#            names) + cargo-chef installed from crates.io, like lukemathwalker/cargo-chef.
#   runtime  (ARG RUNTIME_IMAGE): a distroless-like root file system, like
#            gcr.io/distroless/cc-debian12:nonroot: glibc, libgcc, CA certificates, tzdata,
#            netbase, /etc/passwd with nonroot (65532), no shell, no package manager.
#
# Both come from one `debootstrap --variant=minbase bookworm`. An image that exists with the
# current recipe label is reused, so only the first run pays (debootstrap ~2-4 min, cargo-chef
# ~3-6 min). FORCE_BASES=1 rebuilds both.
#
# The builder also trusts the CA certificates this machine trusts (/usr/local/share/
# ca-certificates/*.crt): crates.io is reached here through a TLS-intercepting egress proxy,
# and cargo inside the build must trust the same CA. The runtime image gets only Debian's
# Mozilla bundle.
#
# Env: PODMAN (default podman), NICE (default "nice -n 19"), CARGO_BUILD_JOBS (default
# "default"), DEBIAN_MIRROR (default http://deb.debian.org/debian), FORCE_BASES.
set -euo pipefail
cd "$(dirname "$0")/.."

RECIPE=2   # bump when this script changes what goes into the images
PODMAN=${PODMAN:-podman}
NICE=${NICE:-nice -n 19}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
JOBS=${CARGO_BUILD_JOBS:-default}
CHEF_VERSION=${CHEF_VERSION:-0.1.78}
RUN_FLAGS=(--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=4096:4096)

arg_default() { sed -n "s/^ARG $1=//p" docker/Dockerfile | head -n1; }
BUILDER_IMAGE=$(arg_default BUILDER_IMAGE)
RUNTIME_IMAGE=$(arg_default RUNTIME_IMAGE)
[[ -n $BUILDER_IMAGE && -n $RUNTIME_IMAGE ]] || { echo "bases: cannot read the ARG defaults of docker/Dockerfile" >&2; exit 1; }

have_image() {
  local label
  label=$($PODMAN image inspect --format '{{index .Labels "org.news-enricher.base-recipe"}}' "$1" 2>/dev/null) || return 1
  [[ $label == "$RECIPE" && -z ${FORCE_BASES:-} ]]
}

if have_image "$BUILDER_IMAGE" && have_image "$RUNTIME_IMAGE"; then
  echo "bases: reusing $BUILDER_IMAGE and $RUNTIME_IMAGE"
  exit 0
fi

# The toolchain that goes into the builder must be the one the tag promises.
want_rust=$(sed -n 's/.*-rust-\([0-9][0-9.]*\)-.*/\1/p' <<<"$BUILDER_IMAGE")
have_rust=$(rustc --version | awk '{print $2}')
if [[ $have_rust != "$want_rust" && $have_rust != "$want_rust".* ]]; then
  echo "bases: $BUILDER_IMAGE wants Rust $want_rust but this machine has $have_rust" >&2
  exit 1
fi
SYSROOT=$(rustc --print sysroot)

WORK=$(mktemp -d /var/tmp/news-enricher-bases.XXXXXX)
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
ROOTFS=$WORK/rootfs
RUNTIME=$WORK/runtime

echo "bases: debootstrap bookworm (minbase) from $MIRROR"
$NICE debootstrap --variant=minbase --include=ca-certificates,gcc,libc6-dev,netbase,tzdata \
  bookworm "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -n 30 "$WORK/debootstrap.log" >&2; exit 1; }

# ---- runtime: distroless-like, assembled from the packages debootstrap downloaded ----------
echo "bases: assembling the runtime root file system"
mkdir -p "$RUNTIME"
for pkg in libc6 libgcc-s1 tzdata netbase ca-certificates; do
  deb=$(ls "$ROOTFS"/var/cache/apt/archives/"${pkg}"_*.deb 2>/dev/null | head -n1)
  [[ -n $deb ]] || { echo "bases: $pkg .deb not found in the debootstrap cache" >&2; exit 1; }
  dpkg-deb -x "$deb" "$RUNTIME"
done
mkdir -p "$RUNTIME"/etc/ssl/certs "$RUNTIME"/tmp "$RUNTIME"/home/nonroot "$RUNTIME"/root
cat "$RUNTIME"/usr/share/ca-certificates/mozilla/*.crt >"$RUNTIME"/etc/ssl/certs/ca-certificates.crt
rm -rf "$RUNTIME"/usr/share/ca-certificates "$RUNTIME"/usr/sbin "$RUNTIME"/usr/bin \
  "$RUNTIME"/usr/share/doc "$RUNTIME"/usr/share/lintian "$RUNTIME"/usr/share/man \
  "$RUNTIME"/usr/share/locale "$RUNTIME"/usr/share/debconf "$RUNTIME"/etc/ca-certificates* \
  "$RUNTIME"/var "$RUNTIME"/usr/lib/x86_64-linux-gnu/gconv
chmod 1777 "$RUNTIME"/tmp
chmod 700 "$RUNTIME"/root
cat >"$RUNTIME"/etc/passwd <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$RUNTIME"/etc/group <<'EOF'
root:x:0:
nobody:x:65534:
nonroot:x:65532:
EOF
printf 'hosts: files dns\n' >"$RUNTIME"/etc/nsswitch.conf
cp "$ROOTFS"/etc/os-release "$RUNTIME"/etc/os-release 2>/dev/null || cp "$ROOTFS"/usr/lib/os-release "$RUNTIME"/etc/os-release
ln -sf /usr/share/zoneinfo/Etc/UTC "$RUNTIME"/etc/localtime
chown -R 65532:65532 "$RUNTIME"/home/nonroot

echo "bases: importing $RUNTIME_IMAGE"
tar --numeric-owner -C "$RUNTIME" -c . | $PODMAN import \
  --change 'USER 65532:65532' \
  --change 'WORKDIR /home/nonroot' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
  --change "LABEL org.news-enricher.base-recipe=$RECIPE" \
  --change 'LABEL org.news-enricher.base-note="local stand-in for gcr.io/distroless/cc-debian12:nonroot"' \
  - "$RUNTIME_IMAGE" >/dev/null

# ---- builder: bookworm + gcc + the Rust toolchain + cargo-chef --------------------------
echo "bases: adding the Rust toolchain ($have_rust) and this machine's CA certificates"
shopt -s nullglob
for crt in /usr/local/share/ca-certificates/*.crt; do
  cp "$crt" "$ROOTFS"/usr/local/share/ca-certificates/
done
shopt -u nullglob
chroot "$ROOTFS" update-ca-certificates >/dev/null
TC=usr/local/rustup/toolchains/$have_rust-x86_64-unknown-linux-gnu
mkdir -p "$ROOTFS/$TC" "$ROOTFS"/usr/local/cargo/bin
for d in bin lib libexec etc; do
  [[ -d $SYSROOT/$d ]] && cp -a "$SYSROOT/$d" "$ROOTFS/$TC/"
done
for b in "$ROOTFS/$TC"/bin/*; do
  ln -s "/$TC/bin/$(basename "$b")" "$ROOTFS"/usr/local/cargo/bin/
done
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
  "$ROOTFS"/usr/share/doc "$ROOTFS"/usr/share/man "$ROOTFS"/usr/share/locale
chroot "$ROOTFS" /usr/local/cargo/bin/cargo --version

ROOTFS_IMAGE=localhost/news-enricher-base/rust-rootfs:$have_rust-bookworm
echo "bases: importing $ROOTFS_IMAGE"
tar --numeric-owner -C "$ROOTFS" -c . | $PODMAN import \
  --change 'ENV RUSTUP_HOME=/usr/local/rustup' \
  --change 'ENV CARGO_HOME=/usr/local/cargo' \
  --change 'ENV PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV RUST_VERSION=$have_rust" \
  - "$ROOTFS_IMAGE" >/dev/null
rm -rf "$ROOTFS"

echo "bases: installing cargo-chef $CHEF_VERSION into $BUILDER_IMAGE (crates.io, jobs=$JOBS)"
mkdir -p "$WORK/ctx"
cat >"$WORK/ctx/Containerfile" <<EOF
FROM $ROOTFS_IMAGE
ARG CARGO_BUILD_JOBS=default
RUN cargo install cargo-chef --locked --version $CHEF_VERSION \\
 && rm -rf /usr/local/cargo/registry /usr/local/cargo/git /usr/local/cargo/.package-cache
LABEL org.news-enricher.base-recipe="$RECIPE" \\
      org.news-enricher.base-note="local stand-in for lukemathwalker/cargo-chef (Rust $have_rust, bookworm)"
EOF
$NICE $PODMAN build "${RUN_FLAGS[@]}" --network host --pull=never \
  --build-arg CARGO_BUILD_JOBS="$JOBS" -t "$BUILDER_IMAGE" "$WORK/ctx"
$PODMAN untag "$ROOTFS_IMAGE" >/dev/null 2>&1 || true
echo "bases: ready: $BUILDER_IMAGE, $RUNTIME_IMAGE"
