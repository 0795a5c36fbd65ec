#!/usr/bin/env bash
# `npm run package`: builds, under dist/packages/, stripe-agent_<version>_<arch>.deb and
# stripe-agent-<version>-linux-<arch>.tar.gz. Both are self-contained: the Node.js runtime that
# runs this script, the code compiled afresh, the production node_modules (better-sqlite3's
# compiled addon among them), the migrations and the console; installing either needs no
# network, no npm and no compiler. The .deb is made with Debian's own tools: dpkg-shlibdeps for
# its library dependencies, dpkg-deb under fakeroot.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
node=${npm_node_execpath:-$(command -v node)}
npm=(npm)
if [ -n "${npm_execpath:-}" ]; then npm=("$node" "$npm_execpath"); fi
out=$root/dist/packages

for tool in dpkg-deb dpkg-shlibdeps fakeroot strip; do
	if ! command -v "$tool" >/dev/null; then
		echo "package: $tool is missing; install Debian's packaging tools: apt-get install dpkg-dev fakeroot" >&2
		exit 1
	fi
done

version=$("$node" -p 'require("./package.json").version')
# A pre-release must sort before its release: 1.2.0-rc.1 becomes 1.2.0~rc.1 for dpkg.
deb_version=${version//-/\~}
node_arch=$("$node" -p process.arch)
case $node_arch in
x64) deb_arch=amd64 ;;
arm64) deb_arch=arm64 ;;
arm) deb_arch=armhf ;;
ppc64) deb_arch=ppc64el ;;
s390x) deb_arch=s390x ;;
*)
	echo "package: Node.js's architecture $node_arch has no Debian name here" >&2
	exit 1
	;;
esac
maintainer="${DEBFULLNAME:-stripe-agent maintainers} <${DEBEMAIL:-maintainers@stripe-agent.dev}>"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tree=$stage/tree
opt=$tree/opt/stripe-agent
app=$opt/app
mkdir -p "$opt/bin" "$opt/runtime" "$app"

echo "package: runtime $("$node" --version) from $node"
# This very runtime, without its debug symbols (as Debian ships its own node).
strip --strip-unneeded -o "$opt/runtime/node" "$node"
node_dir=$(dirname "$(readlink -f "$node")")
for license in "$node_dir/../LICENSE" "$node_dir/../share/doc/node/LICENSE" "$node_dir/../share/doc/nodejs/LICENSE"; do
	if [ -f "$license" ]; then cp "$license" "$opt/runtime/LICENSE" && break; fi
done
if [ ! -f "$opt/runtime/LICENSE" ]; then
	echo "package: cannot find the LICENSE of the Node.js runtime at $node; it must ship with it" >&2
	exit 1
fi

echo "package: compiling"
# Afresh into the package, so nothing stale in dist/ ships.
"$node" node_modules/typescript/bin/tsc -p tsconfig.build.json --outDir "$app/dist" --sourceMap false
# Then what npm would publish (package.json's "files"): the migrations, the console.
cp -a package.json package-lock.json "$app/"
"$node" -e 'for (const f of require("./package.json").files) if (f !== "dist") console.log(f)' | while read -r f; do
	cp -a --parents "$f" "$app/"
done
install -m 0755 packaging/stripe-agent "$opt/bin/stripe-agent"

echo "package: production dependencies"
# A copy of node_modules pruned of the dev dependencies: nothing is fetched, nothing rebuilt.
cp -a node_modules "$app/"
(cd "$app" && "${npm[@]}" prune --omit=dev --offline --ignore-scripts --no-audit --no-fund --loglevel=error)
# The CLI bundled from what ships: the compiled dist/ and these dependencies. The launcher runs
# it with the packaged runtime, so it is no program of its own (its #! names the host's node).
"$node" scripts/bundle.mjs "$app/dist"
chmod a-x "$app/dist/bin/stripe-agent.js"
# What only a developer of a dependency reads (type declarations, source maps, lint and editor
# settings, npm's caches) goes: it is half the files, and lintian counts some of it as errors.
find "$app/node_modules" -mindepth 1 -maxdepth 1 -name '.*' ! -name .bin ! -name .package-lock.json -exec rm -rf {} +
find "$app/node_modules" -mindepth 2 -name '.*' -prune -exec rm -rf {} +
find "$app/node_modules" -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \) -delete
# Their command-line scripts name the host's node (#!/usr/bin/env node); nothing here runs them.
find "$app/node_modules" -type f -perm /111 -exec chmod a-x {} +
# better-sqlite3 needs its compiled addon at run time, not the sources and objects it came from.
sqlite=$app/node_modules/better-sqlite3
strip --strip-unneeded -o "$stage/better_sqlite3.node" "$sqlite/build/Release/better_sqlite3.node"
rm -rf "$sqlite/build" "$sqlite/deps" "$sqlite/src"
install -D -m 0644 "$stage/better_sqlite3.node" "$sqlite/build/Release/better_sqlite3.node"
chmod -R u+rwX,go+rX,go-w "$tree"

mkdir -p "$out"
name=stripe-agent-$version-linux-$node_arch
echo "package: $name.tar.gz"
# The tarball: the same tree, and the unit for a systemd host without dpkg.
mkdir -p "$stage/tarball"
cp -al "$opt" "$stage/tarball/$name"
install -D -m 0644 systemd/stripe-agent.service "$stage/tarball/$name/systemd/stripe-agent.service"
# Compressed while the .deb is built: each takes a core for a while.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -C "$stage/tarball" -cf - "$name" | gzip -n >"$out/$name.tar.gz" &
tarball=$!

deb=stripe-agent_${deb_version}_$deb_arch.deb
echo "package: $deb"
mkdir -p "$tree/usr/bin" "$tree/usr/share/doc/stripe-agent" "$tree/usr/share/lintian/overrides" "$tree/etc/stripe-agent"
ln -s /opt/stripe-agent/bin/stripe-agent "$tree/usr/bin/stripe-agent"
install -D -m 0644 systemd/stripe-agent.service "$tree/lib/systemd/system/stripe-agent.service"
install -m 0644 packaging/agent.json "$tree/etc/stripe-agent/agent.json"
install -m 0644 packaging/debian/copyright "$tree/usr/share/doc/stripe-agent/copyright"
install -m 0644 packaging/debian/lintian-overrides "$tree/usr/share/lintian/overrides/stripe-agent"
printf 'stripe-agent (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
	"$deb_version" "$version" "$maintainer" "$(date -R -u -d "@$SOURCE_DATE_EPOCH")" | gzip -9n >"$tree/usr/share/doc/stripe-agent/changelog.gz"
chmod 0644 "$tree/usr/share/doc/stripe-agent/changelog.gz"

# The libraries the runtime and the addon link against, as dpkg-shlibdeps names their packages.
mkdir -p "$stage/shlibs/debian"
printf 'Source: stripe-agent\n\nPackage: stripe-agent\nArchitecture: any\n' >"$stage/shlibs/debian/control"
shlibs=$(cd "$stage/shlibs" && dpkg-shlibdeps -O -e"$opt/runtime/node" -e"$sqlite/build/Release/better_sqlite3.node" 2>/dev/null)
shlibs=${shlibs#shlibs:Depends=}
installed_size=$(du -sk "$tree" | cut -f1)

mkdir -p "$tree/DEBIAN"
sed -e "s|@VERSION@|$deb_version|" -e "s|@ARCH@|$deb_arch|" -e "s|@MAINTAINER@|$maintainer|" \
	-e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@SHLIBS@|$shlibs|" packaging/debian/control.in >"$tree/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$tree/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$tree/DEBIAN/"
(cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$tree/DEBIAN/md5sums"
chmod 0644 "$tree/DEBIAN/md5sums"
# gzip rather than dpkg's default xz: several times faster on a runtime of this size, and any dpkg reads it.
fakeroot dpkg-deb -Zgzip -z6 --build "$tree" "$out/$deb" >/dev/null
wait "$tarball"

echo "package: wrote $out/$deb and $out/$name.tar.gz"
