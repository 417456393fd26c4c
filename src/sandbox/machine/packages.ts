/**
 * The package catalogue of the practice server and dpkg's database helpers. Real Debian 12
 * (bookworm) names, versions, architectures, sizes and summaries: the installed base is the lab's
 * Debian 12 web server (`dpkg-query -W` on 2026-11-29, the lab's own course-welcome left out);
 * the mirror's versions, download sizes and dependencies are `apt-cache show`/`apt-cache policy`
 * of a bookworm host the same day (the mirror's host name is the placeholder mirror.example).
 */
import type { InstalledPackage } from './state.ts'
import type { Server } from './server.ts'

export type Suite = 'bookworm' | 'bookworm-updates' | 'bookworm-security'

/** One version of a package on the mirror. */
export interface MirrorVersion {
  version: string
  suite: Suite
  /** bytes of the .deb */
  size: number
  /** KiB once unpacked (dpkg's Installed-Size) */
  installedSize: number
}

export interface CatalogueEntry {
  name: string
  arch: 'amd64' | 'all'
  multiArch?: 'same' | 'foreign' | 'allowed'
  /** the first line of Description (dpkg -l, apt-cache show) */
  summary: string
  /** the installed base's version and size when the package comes with the server */
  baseVersion?: string
  baseInstalledSize?: number
  /** dependencies apt resolves: each entry is a list of alternatives, package names only */
  depends: string[][]
  recommends: string[][]
  /** as apt prints them under "Suggested packages:" (alternatives joined by " | ") */
  suggests: string[]
  /** versions on the mirror once the lists are current, newest first */
  mirror: MirrorVersion[]
  /** entries `dpkg -L` lists: what "(Reading database ... N files" grows by */
  fileCount?: number
  /** virtual packages this one provides */
  provides?: string[]
  /**
   * conffiles or a postrm: dpkg keeps the package as config-files ("rc") after `remove` until it
   * is purged; without either a removed package is gone from dpkg's database at once
   */
  keepsConfig?: true
}

/** Where each suite lives on the mirror and how apt names its release (Label:Version/Suite). */
export const suites: Record<Suite, { uri: string; dist: string; release: string }> = {
  bookworm: { uri: 'http://mirror.example/debian', dist: 'bookworm', release: 'Debian:12.15/oldstable' },
  'bookworm-updates': { uri: 'http://mirror.example/debian', dist: 'bookworm-updates', release: 'Debian:12-updates/oldstable-updates' },
  'bookworm-security': { uri: 'http://mirror.example/debian-security', dist: 'bookworm-security', release: 'Debian-Security:12/oldstable-security' },
}

/**
 * The installed base: name|version|arch|Installed-Size|Multi-Arch|summary. The openssh packages
 * are one point release behind (1:9.2p1-2+deb12u7, really published in bookworm-updates), so the
 * mirror has updates waiting for them.
 */
const baseTable = `
adduser|3.134|all|686|foreign|add and remove users and groups
apt|2.6.1|amd64|4232||commandline package manager
apt-utils|2.6.1|amd64|1037||package management related utility programs
base-files|12.4+deb12u15|amd64|341|foreign|Debian base system miscellaneous files
base-passwd|3.6.1|amd64|247|foreign|Debian base system master password and group files
bash|5.2.15-2+b13|amd64|7164|foreign|GNU Bourne Again SHell
bsdutils|1:2.38.1-5+deb12u3|amd64|355|foreign|basic utilities from 4.4BSD-Lite
ca-certificates|20230311+deb12u1|all|387|foreign|Common CA certificates
coreutils|9.1-1|amd64|18062|foreign|GNU core utilities
dash|0.5.12-2|amd64|191|foreign|POSIX-compliant shell
dbus|1.14.10-1~deb12u1|amd64|182|foreign|simple interprocess messaging system (system message bus)
dbus-bin|1.14.10-1~deb12u1|amd64|213|foreign|simple interprocess messaging system (command line utilities)
dbus-daemon|1.14.10-1~deb12u1|amd64|375|foreign|simple interprocess messaging system (reference message bus)
dbus-session-bus-common|1.14.10-1~deb12u1|all|107|foreign|simple interprocess messaging system (session bus configuration)
dbus-system-bus-common|1.14.10-1~deb12u1|all|119|foreign|simple interprocess messaging system (system bus configuration)
debconf|1.5.82|all|491|foreign|Debian configuration management system
debian-archive-keyring|2023.3+deb12u2|all|293|foreign|GnuPG archive keys of the Debian archive
debianutils|5.7-0.5~deb12u1|amd64|243|foreign|Miscellaneous utilities specific to Debian
diffutils|1:3.8-4|amd64|1598||File comparison utilities
dmsetup|2:1.02.185-2|amd64|246|foreign|Linux Kernel Device Mapper userspace library
dpkg|1.21.23|amd64|6409|foreign|Debian package management system
e2fsprogs|1.47.0-2+b2|amd64|1497|foreign|ext2/ext3/ext4 file system utilities
findutils|4.9.0-4|amd64|1746|foreign|utilities for finding files--find, xargs
gcc-12-base|12.2.0-14+deb12u1|amd64|100|same|GCC, the GNU Compiler Collection (base package)
gpgv|2.2.40-1.1+deb12u2|amd64|918|foreign|GNU privacy guard - signature verification tool
grep|3.8-5|amd64|1245|foreign|GNU grep, egrep and fgrep
gzip|1.12-1|amd64|252||GNU compression utilities
hostname|3.23+nmu1|amd64|46||utility to set/show the host name or domain name
init-system-helpers|1.65.2+deb12u1|all|133|foreign|helper tools for all init systems
iproute2|6.1.0-3|amd64|3516|foreign|networking and traffic control tools
kmod|30+20221128-1|amd64|251|foreign|tools for managing Linux kernel modules
less|590-2.1~deb12u2|amd64|313|foreign|pager program similar to more
libacl1|2.3.1-3|amd64|73|same|access control list - shared library
libapparmor1|3.0.8-3|amd64|109|same|changehat AppArmor library
libapt-pkg6.0|2.6.1|amd64|3297|same|package management runtime library
libargon2-1|0~20171227-0.3+deb12u1|amd64|56|same|memory-hard hashing function - runtime library
libattr1|1:2.5.1-4|amd64|59|same|extended attribute handling - shared library
libaudit-common|1:3.0.9-1|all|22|foreign|Dynamic library for security auditing - common files
libaudit1|1:3.0.9-1|amd64|150|same|Dynamic library for security auditing
libblkid1|2.38.1-5+deb12u3|amd64|398|same|block device ID library
libbpf1|1:1.1.2-0+deb12u1|amd64|385|same|eBPF helper library (shared library)
libbrotli1|1.0.9-2+b6|amd64|783|same|library implementing brotli encoder and decoder (shared libraries)
libbsd0|0.11.7-2|amd64|202|same|utility functions from BSD systems - shared library
libbz2-1.0|1.0.8-5+b1|amd64|106|same|high-quality block-sorting file compressor library - runtime
libc-ares2|1.18.1-3|amd64|169|same|asynchronous name resolver
libc-bin|2.36-9+deb12u14|amd64|2042|foreign|GNU C Library: Binaries
libc6|2.36-9+deb12u14|amd64|13001|same|GNU C Library: Shared libraries
libcap-ng0|0.8.3-1+b3|amd64|65|same|alternate POSIX capabilities library
libcap2|1:2.66-4+deb12u3+b1|amd64|95|same|POSIX 1003.1e capabilities (library)
libcap2-bin|1:2.66-4+deb12u3+b1|amd64|133|foreign|POSIX 1003.1e capabilities (utilities)
libcbor0.8|0.8.0-2+b1|amd64|98|same|library for parsing and generating CBOR (RFC 7049)
libcom-err2|1.47.0-2+b2|amd64|55|same|common error description library
libcrypt1|1:4.4.33-2|amd64|233|same|libcrypt shared library
libcryptsetup12|2:2.6.1-4~deb12u2|amd64|563|same|disk encryption support - shared library
libdb5.3|5.3.28+dfsg2-1|amd64|1833|same|Berkeley v5.3 Database Libraries [runtime]
libdbus-1-3|1.14.10-1~deb12u1|amd64|468|same|simple interprocess messaging system (library)
libdebconfclient0|0.270|amd64|37|same|Debian Configuration Management System (C-implementation library)
libdevmapper1.02.1|2:1.02.185-2|amd64|474|same|Linux Kernel Device Mapper userspace library
libedit2|3.1-20221030-2|amd64|258|same|BSD editline and history libraries
libelf1|0.188-2.1|amd64|1036|same|library to read and write ELF files
libexpat1|2.5.0-1+deb12u2|amd64|388|same|XML parsing C library - runtime library
libext2fs2|1.47.0-2+b2|amd64|535|same|ext2/ext3/ext4 file system libraries
libfdisk1|2.38.1-5+deb12u3|amd64|533|same|fdisk partitioning library
libffi8|3.4.4-1|amd64|68|same|Foreign Function Interface library runtime
libfido2-1|1.12.0-2+b1|amd64|241|same|library for generating and verifying FIDO 2.0 objects
libfribidi0|1.0.8-2.1|amd64|172|same|Free Implementation of the Unicode BiDi algorithm
libgcc-s1|12.2.0-14+deb12u1|amd64|140|same|GCC support library
libgcrypt20|1.10.1-3+deb12u1|amd64|1592|same|LGPL Crypto library - runtime library
libgmp10|2:6.2.1+dfsg1-1.1|amd64|855|same|Multiprecision arithmetic library
libgnutls30|3.7.9-2+deb12u7|amd64|3396|same|GNU TLS library - main runtime library
libgpg-error0|1.46-1|amd64|192|same|GnuPG development runtime library
libgssapi-krb5-2|1.20.1-2+deb12u5|amd64|425|same|MIT Kerberos runtime libraries - krb5 GSS-API Mechanism
libhogweed6|3.8.1-2|amd64|463|same|low level cryptographic library (public-key cryptos)
libicu72|72.1-3+deb12u1|amd64|36170|same|International Components for Unicode
libidn2-0|2.3.3-1+b1|amd64|439|same|Internationalized domain names (IDNA2008/TR46) library
libip4tc2|1.8.9-2|amd64|66|same|netfilter libip4tc library
libjson-c5|0.16-2|amd64|109|same|JSON manipulation library - shared library
libk5crypto3|1.20.1-2+deb12u5|amd64|261|same|MIT Kerberos runtime libraries - Crypto Library
libkeyutils1|1.6.3-2|amd64|40|same|Linux Key Management Utilities (library)
libkmod2|30+20221128-1|amd64|141|same|libkmod shared library
libkrb5-3|1.20.1-2+deb12u5|amd64|1077|same|MIT Kerberos runtime libraries
libkrb5support0|1.20.1-2+deb12u5|amd64|134|same|MIT Kerberos runtime libraries - Support library
liblz4-1|1.9.4-1|amd64|169|same|Fast LZ compression algorithm library - runtime
liblzma5|5.4.1-1+deb12u1|amd64|333|same|XZ-format compression library
libmd0|1.0.4-2|amd64|79|same|message digest functions from BSD systems - shared library
libmnl0|1.0.4-3|amd64|46|same|minimalistic Netlink communication library
libmount1|2.38.1-5+deb12u3|amd64|454|same|device mounting library
libncursesw6|6.4-4|amd64|412|same|shared libraries for terminal handling (wide character support)
libnettle8|3.8.1-2|amd64|520|same|low level cryptographic library (symmetric and one-way cryptos)
libnewt0.52|0.52.23-1+b1|amd64|365|same|Not Erik's Windowing Toolkit - text mode windowing with slang
libnghttp2-14|1.52.0-1+deb12u3|amd64|220|same|library implementing HTTP/2 protocol (shared library)
libnode108|18.20.4+dfsg-1~deb12u2|amd64|46423|same|evented I/O for V8 javascript - runtime library
libnsl2|1.3.0-2|amd64|127|same|Public client interface for NIS(YP) and NIS+
libp11-kit0|0.24.1-2|amd64|1408|same|library for loading and coordinating access to PKCS#11 modules - runtime
libpam-modules|1.5.2-6+deb12u2|amd64|1031|same|Pluggable Authentication Modules for PAM
libpam-modules-bin|1.5.2-6+deb12u2|amd64|227|foreign|Pluggable Authentication Modules for PAM - helper binaries
libpam-runtime|1.5.2-6+deb12u2|all|876|foreign|Runtime support for the PAM library
libpam0g|1.5.2-6+deb12u2|amd64|215|same|Pluggable Authentication Modules library
libpcre2-8-0|10.42-1|amd64|685|same|New Perl Compatible Regular Expression Library- 8 bit runtime files
libpopt0|1.19+dfsg-1|amd64|245|same|lib for parsing cmdline parameters
libproc2-0|2:4.0.2-3|amd64|232|same|library for accessing process information from /proc
libpython3-stdlib|3.11.2-1+b1|amd64|27|same|interactive high-level object-oriented language (default python3 version)
libpython3.11-minimal|3.11.2-6+deb12u8|amd64|5214|same|Minimal subset of the Python language (version 3.11)
libpython3.11-stdlib|3.11.2-6+deb12u8|amd64|8330|same|Interactive high-level object-oriented language (standard library, version 3.11)
libreadline8|8.2-1.3|amd64|475|same|GNU readline and history libraries, run-time libraries
libseccomp2|2.5.4-1+deb12u1|amd64|148|same|high level interface to Linux seccomp filter
libselinux1|3.4-1+b6|amd64|199|same|SELinux runtime shared libraries
libsemanage-common|3.4-1|all|37|foreign|Common files for SELinux policy management libraries
libsemanage2|3.4-1+b5|amd64|297|same|SELinux policy management library
libsepol2|3.4-2.1|amd64|775|same|SELinux library for manipulating binary security policies
libslang2|2.3.3-3|amd64|2386|same|S-Lang programming library - runtime version
libsmartcols1|2.38.1-5+deb12u3|amd64|289|same|smart column output alignment library
libsqlite3-0|3.40.1-2+deb12u2|amd64|1682|same|SQLite 3 shared library
libss2|1.47.0-2+b2|amd64|71|same|command-line interface parsing library
libssl3|3.0.20-1~deb12u2|amd64|6030|same|Secure Sockets Layer toolkit - shared libraries
libstdc++6|12.2.0-14+deb12u1|amd64|2686|same|GNU Standard C++ Library v3
libsystemd-shared|252.39-1~deb12u2|amd64|5350|same|systemd shared private library
libsystemd0|252.39-1~deb12u2|amd64|909|same|systemd utility library
libtasn1-6|4.19.0-2+deb12u1|amd64|116|same|Manage ASN.1 structures (runtime)
libtinfo6|6.4-4|amd64|541|same|shared low-level terminfo library for terminal handling
libtirpc-common|1.3.3+ds-1|all|35|foreign|transport-independent RPC library - common files
libtirpc3|1.3.3+ds-1|amd64|226|same|transport-independent RPC library
libudev1|252.39-1~deb12u2|amd64|240|same|libudev shared library
libunistring2|1.0-2|amd64|1807|same|Unicode string library for C
libuuid1|2.38.1-5+deb12u3|amd64|79|same|Universally Unique ID library
libuv1|1.44.2-1+deb12u1|amd64|294|same|asynchronous event notification library - runtime library
libwrap0|7.6.q-32|amd64|110|same|Wietse Venema's TCP wrappers library
libxtables12|1.8.9-2|amd64|101|same|netfilter xtables library
libxxhash0|0.8.1-1|amd64|99|same|shared library for xxhash
libzstd1|1.5.4+dfsg2-5|amd64|785|same|fast lossless compression algorithm
login|1:4.13+dfsg1-1+deb12u2|amd64|2550|foreign|system login tools
logsave|1.47.0-2+b2|amd64|50|foreign|save the output of a command in a log file
lsb-base|11.6|all|12|foreign|transitional package for Linux Standard Base init script functionality
mawk|1.3.4.20200120-3.1|amd64|263|foreign|Pattern scanning and text processing language
media-types|10.0.0|all|92|foreign|List of standard media types and their usual file extension
mount|2.38.1-5+deb12u3|amd64|393|foreign|tools for mounting and manipulating filesystems
nano|7.2-1+deb12u1|amd64|2804||small, friendly text editor inspired by Pico
ncurses-base|6.4-4|all|379|foreign|basic terminal type definitions
ncurses-bin|6.4-4|amd64|636|foreign|terminal-related programs and man pages
netbase|6.4|all|36|foreign|Basic TCP/IP networking system
nginx|1.22.1-9+deb12u9|amd64|1331||small, powerful, scalable web/proxy server
nginx-common|1.22.1-9+deb12u9|all|332|foreign|small, powerful, scalable web/proxy server - common files
node-acorn|8.8.1+ds+~cs25.17.7-2|all|911|foreign|ECMAScript parser for Node.js
node-busboy|1.6.0+~cs2.6.0-2|all|89||Node.js module for parsing incoming HTML form data
node-cjs-module-lexer|1.2.2+dfsg-5|all|160|foreign|Fast lexer to extract named exports from CommonJS modules
node-undici|5.15.0+dfsg1+~cs20.10.9.3-1+deb12u4|all|1484|foreign|Node.js HTTP/1.1 client
node-xtend|4.0.2-3|all|16|foreign|Node.js library to easily extend an object
nodejs|18.20.4+dfsg-1~deb12u2|amd64|3934|allowed|evented I/O for V8 javascript - runtime executable
openssh-client|1:9.2p1-2+deb12u7|amd64|5792|foreign|secure shell (SSH) client, for secure access to remote machines
openssh-server|1:9.2p1-2+deb12u7|amd64|1930|foreign|secure shell (SSH) server, for secure access from remote machines
openssh-sftp-server|1:9.2p1-2+deb12u7|amd64|217|foreign|secure shell (SSH) sftp server module, for SFTP access from remote machines
openssl|3.0.20-1~deb12u2|amd64|2310|foreign|Secure Sockets Layer toolkit - cryptographic utility
passwd|1:4.13+dfsg1-1+deb12u2|amd64|2827|foreign|change and administer password and group data
perl-base|5.36.0-7+deb12u3|amd64|7639||minimal Perl system
procps|2:4.0.2-3|amd64|2091|foreign|/proc file system utilities
python3|3.11.2-1+b1|amd64|81|allowed|interactive high-level object-oriented language (default python3 version)
python3-minimal|3.11.2-1+b1|amd64|111|allowed|minimal subset of the Python language (default python3 version)
python3.11|3.11.2-6+deb12u8|amd64|650|allowed|Interactive high-level object-oriented language (version 3.11)
python3.11-minimal|3.11.2-6+deb12u8|amd64|6766|allowed|Minimal subset of the Python language (version 3.11)
readline-common|8.2-1.3|all|89|foreign|GNU readline and history libraries, common files
runit-helper|2.15.2|all|19|foreign|dh-runit implementation detail
sed|4.9-1+deb12u1|amd64|987|foreign|GNU stream editor for filtering/transforming text
sensible-utils|0.0.17+nmu1|all|56|foreign|Utilities for sensible alternative selection
sudo|1.9.13p3-1+deb12u4|amd64|6055||Provide limited super user privileges to specific users
systemd|252.39-1~deb12u2|amd64|9668|foreign|system and service manager
systemd-sysv|252.39-1~deb12u2|amd64|74|foreign|system and service manager - SysV compatibility symlinks
sysvinit-utils|3.06-4|amd64|100|foreign|System-V-like utilities
tar|1.34+dfsg-1.2+deb12u1|amd64|3144|foreign|GNU version of the tar archiving utility
tzdata|2026b-0+deb12u1|all|2573|foreign|time zone and daylight-saving time data
ucf|3.0043+nmu1+deb12u1|all|214|foreign|Update Configuration File(s): preserve user changes to config files
usr-is-merged|37~deb12u1|all|13|foreign|Transitional package to assert a merged-/usr system
util-linux|2.38.1-5+deb12u3|amd64|4978|foreign|miscellaneous system utilities
util-linux-extra|2.38.1-5+deb12u3|amd64|366|foreign|interactive login tools
whiptail|0.52.23-1+b1|amd64|57|foreign|Displays user-friendly dialog boxes from shell scripts
zlib1g|1:1.2.13.dfsg-1|amd64|168|same|compression library - runtime
`

/** Versions of the pending updates and of the packages the course installs, as the mirror has them. */
const mirrorTable: Record<string, MirrorVersion[]> = {
  'openssh-client': [
    { version: '1:9.2p1-2+deb12u10', suite: 'bookworm', size: 993532, installedSize: 5801 },
    { version: '1:9.2p1-2+deb12u9', suite: 'bookworm-security', size: 992788, installedSize: 5796 },
    { version: '1:9.2p1-2+deb12u7', suite: 'bookworm-updates', size: 992320, installedSize: 5792 },
  ],
  'openssh-server': [
    { version: '1:9.2p1-2+deb12u10', suite: 'bookworm', size: 456584, installedSize: 1930 },
    { version: '1:9.2p1-2+deb12u9', suite: 'bookworm-security', size: 456764, installedSize: 1930 },
    { version: '1:9.2p1-2+deb12u7', suite: 'bookworm-updates', size: 456900, installedSize: 1930 },
  ],
  'openssh-sftp-server': [
    { version: '1:9.2p1-2+deb12u10', suite: 'bookworm', size: 65928, installedSize: 217 },
    { version: '1:9.2p1-2+deb12u9', suite: 'bookworm-security', size: 65896, installedSize: 217 },
    { version: '1:9.2p1-2+deb12u7', suite: 'bookworm-updates', size: 65880, installedSize: 217 },
  ],
  libssl3: [
    { version: '3.0.22-1~deb12u2', suite: 'bookworm-security', size: 2039888, installedSize: 6042 },
    { version: '3.0.20-1~deb12u2', suite: 'bookworm', size: 2036016, installedSize: 6030 },
    { version: '3.0.17-1~deb12u2', suite: 'bookworm-updates', size: 2027428, installedSize: 6021 },
  ],
  // What `apt install nano` fetches again after `apt remove nano` (Size of bookworm's .deb).
  nano: [{ version: '7.2-1+deb12u1', suite: 'bookworm', size: 689556, installedSize: 2804 }],
  openssl: [
    { version: '3.0.22-1~deb12u2', suite: 'bookworm-security', size: 1441784, installedSize: 2315 },
    { version: '3.0.20-1~deb12u2', suite: 'bookworm', size: 1438712, installedSize: 2310 },
    { version: '3.0.17-1~deb12u2', suite: 'bookworm-updates', size: 1430476, installedSize: 2303 },
  ],
}

/**
 * What `apt install unattended-upgrades` and `apt install ufw` bring on top of the base (name,
 * arch, Multi-Arch, summary, Depends, Recommends, Suggests, version, size, Installed-Size,
 * files), from `apt-cache show` and the lab's `dpkg -L`. Version constraints are left out: every
 * version here satisfies them.
 */
const newPackages: CatalogueEntry[] = [
  pkg('distro-info-data', 'all', 'foreign', "information about the distributions' releases (data files)", [], [], [], '0.58+deb12u7', 6584, 19, 11),
  pkg('gir1.2-glib-2.0', 'amd64', 'same', 'Introspection data for GLib, GObject, Gio and GModule', ['libgirepository-1.0-1', 'libglib2.0-0'], [], [], '1.74.0-3', 159432, 719, 15),
  pkg('iso-codes', 'all', 'foreign', 'ISO language, territory, currency, script codes and their translations', [], [], ['isoquery'], '4.15.0-1', 2906084, 20086, 1489),
  pkg('libgirepository-1.0-1', 'amd64', 'same', 'Library for handling GObject introspection data (runtime library)', ['libc6', 'libffi8', 'libglib2.0-0'], [], [], '1.74.0-3', 100664, 295, 11, ['libgirepository-1.0-1-with-libffi8']),
  pkg('libglib2.0-0', 'amd64', 'same', 'GLib library of C routines', ['libc6', 'libffi8', 'libmount1', 'libpcre2-8-0', 'libselinux1', 'zlib1g'], ['libglib2.0-data', 'shared-mime-info', 'xdg-user-dirs'], ['low-memory-monitor'], '2.74.6-2+deb12u9', 1403216, 4135, 32),
  pkg('libglib2.0-data', 'all', 'foreign', 'Common files for GLib library', [], [], [], '2.74.6-2+deb12u9', 1211164, 9406, 308),
  pkg('libxml2', 'amd64', 'same', 'GNOME XML library', ['libc6', 'libicu72', 'liblzma5', 'zlib1g'], [], [], '2.9.14+dfsg-1.3~deb12u6', 688760, 1867, 18),
  pkg('lsb-release', 'all', 'foreign', 'Linux Standard Base version reporting utility (minimal implementation)', [], [], [], '12.0-1', 6416, 17, 12),
  pkg('python-apt-common', 'all', 'foreign', 'Python interface to libapt-pkg (locales)', [], [], [], '2.6.0', 64296, 527, 175),
  pkg('python3-apt', 'amd64', 'allowed', 'Python 3 interface to libapt-pkg', ['python3', 'libapt-pkg6.0', 'libc6', 'libgcc-s1', 'libstdc++6', 'python-apt-common', 'distro-info-data'], ['lsb-release', 'iso-codes'], ['python-apt-doc', 'apt'], '2.6.0', 158528, 685, 42),
  pkg('python3-dbus', 'amd64', undefined, 'simple interprocess messaging system (Python 3 interface)', ['python3', 'libc6', 'libdbus-1-3', 'libglib2.0-0'], ['python3-gi'], ['python-dbus-doc'], '1.3.2-4+b1', 95104, 405, 42),
  pkg('python3-distro-info', 'all', undefined, "information about distributions' releases (Python 3 module)", ['distro-info-data', 'python3'], [], [], '1.5+deb12u1', 6772, 34, 15),
  pkg('python3-gi', 'amd64', 'allowed', 'Python 3 bindings for gobject-introspection libraries', ['gir1.2-glib-2.0', 'python3', 'libc6', 'libffi8', 'libgirepository-1.0-1', 'libgirepository-1.0-1-with-libffi8', 'libglib2.0-0'], [], [], '3.42.2-3+b1', 219356, 730, 51),
  pkg('shared-mime-info', 'amd64', 'foreign', 'FreeDesktop.org shared MIME database and spec', ['libc6', 'libglib2.0-0', 'libxml2'], [], [], '2.2-1', 728896, 5030, 258),
  pkg('unattended-upgrades', 'all', undefined, 'automatic installation of security upgrades', ['debconf|debconf-2.0', 'python3', 'python3-apt', 'python3-dbus', 'python3-distro-info', 'ucf', 'lsb-release', 'lsb-base', 'xz-utils'], ['systemd-sysv|cron|cron-daemon|anacron'], ['bsd-mailx', 'default-mta | mail-transport-agent', 'needrestart', 'powermgmt-base', 'python3-gi'], '2.9.1+nmu3', 63252, 301, 102),
  pkg('xdg-user-dirs', 'amd64', 'foreign', 'tool to manage well known user directories', ['libc6'], [], [], '0.18-1', 54396, 376, 248),
  pkg('xz-utils', 'amd64', 'foreign', 'XZ-format compression utilities', ['libc6', 'liblzma5'], [], [], '5.4.1-1+deb12u1', 471212, 1226, 246),
  pkg('iptables', 'amd64', 'foreign', 'administration tools for packet filtering and NAT', ['libip4tc2', 'libip6tc2', 'libxtables12', 'netbase', 'libc6', 'libmnl0', 'libnetfilter-conntrack3', 'libnfnetlink0', 'libnftnl11'], ['nftables'], ['firewalld', 'kmod'], '1.8.9-2', 360192, 2408, 211),
  pkg('libip6tc2', 'amd64', 'same', 'netfilter libip6tc library', ['libc6'], [], [], '1.8.9-2', 19416, 66, 12),
  pkg('libjansson4', 'amd64', 'same', 'C library for encoding, decoding and manipulating JSON data', ['libc6'], [], [], '2.14-2', 40788, 101, 15),
  pkg('libnetfilter-conntrack3', 'amd64', 'same', 'Netfilter netlink-conntrack library', ['libc6', 'libmnl0', 'libnfnetlink0'], [], [], '1.0.9-3', 40704, 139, 11),
  pkg('libnfnetlink0', 'amd64', 'same', 'Netfilter netlink library', ['libc6'], [], [], '1.0.2-2', 15132, 51, 11),
  pkg('libnftables1', 'amd64', 'same', 'Netfilter nftables high level userspace API library', ['libc6', 'libgmp10', 'libjansson4', 'libmnl0', 'libnftnl11', 'libxtables12'], [], [], '1.0.6-2+deb12u2', 299116, 920, 16),
  pkg('libnftnl11', 'amd64', 'same', 'Netfilter nftables userspace API library', ['libc6', 'libmnl0'], [], [], '1.2.4-2', 61632, 233, 11),
  pkg('nftables', 'amd64', undefined, 'Program to control packet filtering rules by Netfilter project', ['libnftables1', 'libc6', 'libedit2'], ['netbase'], ['firewalld'], '1.0.6-2+deb12u2', 70292, 176, 47),
  pkg('ufw', 'all', undefined, 'program for managing a Netfilter firewall', ['iptables', 'ucf', 'python3', 'debconf|debconf-2.0'], [], ['rsyslog'], '0.36.2-1', 167940, 857, 133),
]

function pkg(
  name: string,
  arch: 'amd64' | 'all',
  multiArch: CatalogueEntry['multiArch'],
  summary: string,
  depends: string[],
  recommends: string[],
  suggests: string[],
  version: string,
  size: number,
  installedSize: number,
  fileCount: number,
  provides?: string[],
): CatalogueEntry {
  return {
    name,
    arch,
    ...(multiArch && { multiArch }),
    summary,
    depends: depends.map((alternatives) => alternatives.split('|')),
    recommends: recommends.map((alternatives) => alternatives.split('|')),
    suggests,
    mirror: [{ version, suite: 'bookworm', size, installedSize }],
    fileCount,
    ...(provides && { provides }),
  }
}

/** Dependencies of the base packages that matter when apt checks what an install needs. */
const baseProvides: Record<string, string[]> = { debconf: ['debconf-2.0'] }

/**
 * Relations of base packages that change what apt does: nano, the one base package the practice
 * machine lets go (`apt remove nano`) and brings back (its Depends, its Suggests as `apt install
 * nano` prints them, `dpkg -L nano`'s entries); tar's Suggests, which keep xz-utils from autoremove
 * after unattended-upgrades goes (APT::AutoRemove::SuggestsImportant; seen in the lab).
 */
const baseRelations: Record<string, Pick<CatalogueEntry, 'depends' | 'suggests'> & { fileCount?: number }> = {
  nano: { depends: [['libc6'], ['libncursesw6'], ['libtinfo6']], suggests: ['hunspell'], fileCount: 200 },
  tar: { depends: [], suggests: ['bzip2', 'ncompress', 'xz-utils', 'tar-scripts', 'tar-doc'] },
}

/** Packages with conffiles or a postrm (the lab's /var/lib/dpkg/info): removed, they stay "rc". */
const keepConfig = new Set(['nano', 'ufw', 'nftables', 'unattended-upgrades', 'libglib2.0-0', 'shared-mime-info', 'xdg-user-dirs'])

function buildCatalogue(): Map<string, CatalogueEntry> {
  const catalogue = new Map<string, CatalogueEntry>()
  for (const line of baseTable.trim().split('\n')) {
    const [name = '', version = '', arch = 'amd64', installedSize = '0', multiArch = '', summary = ''] = line.split('|')
    const mirror = mirrorTable[name] ?? [{ version, suite: 'bookworm' as const, size: 0, installedSize: Number(installedSize) }]
    catalogue.set(name, {
      name,
      arch: arch === 'all' ? 'all' : 'amd64',
      ...(multiArch && { multiArch: multiArch as NonNullable<CatalogueEntry['multiArch']> }),
      summary,
      baseVersion: version,
      baseInstalledSize: Number(installedSize),
      depends: [],
      recommends: [],
      suggests: [],
      mirror,
      ...(baseProvides[name] && { provides: baseProvides[name] }),
      ...baseRelations[name],
    })
  }
  for (const entry of newPackages) catalogue.set(entry.name, entry)
  for (const name of keepConfig) (catalogue.get(name) as CatalogueEntry).keepsConfig = true
  return catalogue
}

export const catalogue: ReadonlyMap<string, CatalogueEntry> = buildCatalogue()

/** dpkg's database as the basic course left the server (every base package installed by hand, as in the lab). */
export function basePackages(): Record<string, InstalledPackage> {
  const packages: Record<string, InstalledPackage> = {}
  for (const entry of catalogue.values()) {
    if (entry.baseVersion === undefined) continue
    packages[entry.name] = { version: entry.baseVersion, arch: entry.arch, status: 'installed', manual: true }
  }
  return packages
}

/** The installed version, or undefined when dpkg has the package not (or only its config files). */
export function installedVersion(server: Server, name: string): string | undefined {
  const installed = server.state.packages[name]
  return installed?.status === 'installed' ? installed.version : undefined
}

export type PackageState = 'installed' | 'config-files' | 'not-installed' | 'unknown'

/**
 * Names dpkg knows without having them: every package an installed one, or one with config files
 * left, mentions in its relationships (openssh-server suggests ufw and usr-is-merged conflicts with
 * old nanos, so `dpkg-query -W ufw` answers "un" and so does `dpkg -l nano` after a purge, while
 * unattended-upgrades is unknown until installed; `dpkg -l iptables` says "un" while ufw is "rc"
 * and "no packages found" once ufw is purged too; seen in the lab).
 */
export function knownNames(server: Server): Set<string> {
  const known = new Set<string>(['ufw', 'nano'])
  for (const name of Object.keys(server.state.packages)) {
    known.add(name)
    const entry = catalogue.get(name)
    if (!entry) continue
    for (const alternatives of [...entry.depends, ...entry.recommends]) for (const alternative of alternatives) known.add(alternative)
    for (const suggestion of entry.suggests) for (const alternative of suggestion.split(' | ')) known.add(alternative)
  }
  return known
}

/** 'unknown' when dpkg never heard of the package (dpkg-query: no packages found matching …). */
export function packageState(server: Server, name: string): PackageState {
  const installed = server.state.packages[name]
  if (installed) return installed.status
  return knownNames(server).has(name) ? 'not-installed' : 'unknown'
}

/** The version apt would install: the newest on the mirror (the installed one when the lists are old). */
export function candidate(server: Server, name: string): MirrorVersion | undefined {
  const entry = catalogue.get(name)
  if (!entry) return undefined
  if (server.state.aptLists === 'old') {
    const installed = server.state.packages[name]
    if (installed?.status === 'installed') return entry.mirror.find((mirror) => mirror.version === installed.version) ?? { version: installed.version, suite: 'bookworm', size: 0, installedSize: entry.baseInstalledSize ?? 0 }
    // Months-old lists still carry ufw and unattended-upgrades: their versions have not changed since.
    return entry.mirror[entry.mirror.length - 1]
  }
  return entry.mirror[0]
}

/** Installed-Size (KiB) of a version dpkg has. */
export function installedSizeOf(name: string, version: string): number {
  const entry = catalogue.get(name)
  if (!entry) return 0
  return entry.mirror.find((mirror) => mirror.version === version)?.installedSize ?? entry.baseInstalledSize ?? 0
}

/** The name dpkg prints (dpkg -l, "Unpacking"): Multi-Arch: same packages carry their architecture. */
export function dpkgName(name: string): string {
  const entry = catalogue.get(name)
  return entry?.multiArch === 'same' ? `${name}:${entry.arch}` : name
}

/** Packages that are or provide `name` (virtual packages such as debconf-2.0). */
export function providersOf(name: string): string[] {
  const found: string[] = []
  for (const entry of catalogue.values()) {
    if (entry.name === name || entry.provides?.includes(name)) found.push(entry.name)
  }
  return found
}

/**
 * Debian version order (deb-version(7)): epoch, then upstream and revision compared by the
 * dpkg algorithm (~ sorts before everything, letters before non-letters).
 */
export function compareVersions(a: string, b: string): number {
  const split = (version: string): [number, string, string] => {
    const colon = version.indexOf(':')
    const epoch = colon >= 0 ? Number(version.slice(0, colon)) : 0
    const rest = colon >= 0 ? version.slice(colon + 1) : version
    const dash = rest.lastIndexOf('-')
    return dash >= 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, '0']
  }
  const [ea, ua, ra] = split(a)
  const [eb, ub, rb] = split(b)
  if (ea !== eb) return ea - eb
  return comparePart(ua, ub) || comparePart(ra, rb)
}

function order(char: string | undefined): number {
  if (char === undefined) return 0
  if (char === '~') return -1
  if (/[A-Za-z]/.test(char)) return char.charCodeAt(0)
  return char.charCodeAt(0) + 256
}

function comparePart(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    while ((i < a.length && !/\d/.test(a[i] as string)) || (j < b.length && !/\d/.test(b[j] as string))) {
      const ca = i < a.length && !/\d/.test(a[i] as string) ? a[i] : undefined
      const cb = j < b.length && !/\d/.test(b[j] as string) ? b[j] : undefined
      const diff = order(ca) - order(cb)
      if (diff !== 0) return diff
      if (ca !== undefined) i++
      if (cb !== undefined) j++
    }
    let na = ''
    let nb = ''
    while (i < a.length && /\d/.test(a[i] as string)) na += a[i++]
    while (j < b.length && /\d/.test(b[j] as string)) nb += b[j++]
    const diff = Number(na || '0') - Number(nb || '0')
    if (diff !== 0) return diff
  }
  return 0
}
