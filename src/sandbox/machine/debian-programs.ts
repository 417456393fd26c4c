/**
 * The programs a real Debian 12 server of this course has, by name, in /usr/bin and /usr/sbin
 * (/bin and /sbin are the same folders on Debian 12): every file there of the packages of
 * priority required and important (what every Debian 12 installation has), of openssh-client,
 * openssh-server, nginx and sudo (what the basic course installed), and the names the packages
 * make with update-alternatives (vi, view, ex, editor, pico, pager, nawk). Listed from the
 * bookworm packages' contents on 2026-11-29.
 *
 * The practice machine simulates only some of them. For the others, the shell says so instead
 * of the "command not found" that would make a learner think a real server lacks them.
 */
const bin = new Set(
  `
  [ addpart apt apt-cache apt-cdrom apt-config apt-extracttemplates apt-ftparchive apt-get apt-key
  apt-mark apt-sortpkgs arch b2sum base32 base64 basename basenc bash bashbug busctl captoinfo cat
  chage chattr chcon chfn chgrp chmod choom chown chrt chsh cksum clear clear_console cmp comm cp
  cpio crontab csplit ctstat cut cvtsudoers dash date dd deb-systemd-helper deb-systemd-invoke
  debconf debconf-apt-progress debconf-communicate debconf-copydb debconf-escape
  debconf-set-selections debconf-show delpart df diff diff3 dir dircolors dirname dmesg
  dnsdomainname domainname dpkg dpkg-deb dpkg-divert dpkg-maintscript-helper dpkg-query
  dpkg-realpath dpkg-split dpkg-statoverride dpkg-trigger du echo editor egrep env ex expand expiry
  expr factor faillog fallocate false fgrep find findmnt flock fmt fold free getconf getent getopt
  gpasswd gpgv grep groups gunzip gzexe gzip hardlink head helpztags hostid hostname hostnamectl
  i386 iconv id infocmp infotocap install ionice ip ipcmk ipcrm ipcs ischroot join journalctl
  kernel-install kill kmod last lastb lastlog ld.so ldd less lessecho lessfile lesskey lesspipe link
  linux32 linux64 ln lnstat locale localectl localedef logger login loginctl logname ls lsattr lsblk
  lscpu lsipc lslocks lslogins lsmem lsmod lsns mawk mcookie md5sum md5sum.textutils mesg mkdir
  mkfifo mknod mktemp more mount mountpoint mt-gnu mv namei nano nawk networkctl newgrp nice
  nisdomainname nl nohup nproc nsenter nstat numfmt od pager partx passwd paste pathchk perl
  perl5.36.0 pgrep pico pidof pidwait ping ping4 ping6 pinky pkill pldd pmap pr printenv printf
  prlimit ps ptx pwd pwdx rbash rdma readlink realpath rename.ul renice reset resizepart rev rgrep
  rm rmdir rnano routel rtstat run-parts runcon savelog scp script scriptlive scriptreplay sdiff sed
  select-editor sensible-browser sensible-editor sensible-pager seq setarch setpriv setsid setterm
  sftp sg sh sha1sum sha224sum sha256sum sha384sum sha512sum shred shuf skill slabtop sleep slogin
  snice sort split ss ssh ssh-add ssh-agent ssh-argv0 ssh-copy-id ssh-keygen ssh-keyscan stat stdbuf
  stty su sudo sudoedit sudoreplay sum sync systemctl systemd systemd-analyze systemd-ask-password
  systemd-cat systemd-cgls systemd-cgtop systemd-creds systemd-cryptenroll systemd-delta
  systemd-detect-virt systemd-escape systemd-firstboot systemd-hwdb systemd-id128 systemd-inhibit
  systemd-machine-id-setup systemd-mount systemd-notify systemd-path systemd-repart systemd-run
  systemd-socket-activate systemd-stdio-bridge systemd-sysext systemd-sysusers systemd-tmpfiles
  systemd-tty-ask-password-agent systemd-umount tabs tac tail tar taskset tee tempfile test tic
  timedatectl timeout tload toe top touch tput tr true truncate tset tsort tty tzselect uclampset
  udevadm umount uname uncompress unexpand uniq unlink unshare update-alternatives uptime users
  utmpdump vdir vi view vim.tiny vmstat w wall watch wc wdctl whereis which.debianutils whiptail who
  whoami x86_64 xargs yes ypdomainname zcat zcmp zdiff zdump zegrep zfgrep zforce zgrep zless zmore
  znew
`.split(/\s+/),
)

const sbin = new Set(
  `
  add-shell addgroup adduser agetty arpd badblocks biosdecode blkdiscard blkid blkzone blockdev
  bridge cfdisk chcpu chgpasswd chmem chpasswd chroot cpgr cppw cron ctrlaltdel dcb debugfs delgroup
  deluser depmod devlink dhclient dhclient-script dmidecode dpkg-fsys-usrunmess dpkg-preconfigure
  dpkg-reconfigure dumpe2fs e2freefrag e2fsck e2image e2label e2mmpstatus e2scrub e2scrub_all e2undo
  e4crypt e4defrag faillock fdisk filefrag findfs fsck fsck.cramfs fsck.ext2 fsck.ext3 fsck.ext4
  fsck.minix fsfreeze fstab-decode fstrim genl getty groupadd groupdel groupmems groupmod grpck
  grpconv grpunconv halt iconvconfig ifdown ifquery ifup init insmod installkernel invoke-rc.d ip
  isosize killall5 ldattach ldconfig logrotate losetup lsmod mke2fs mkfs mkfs.bfs mkfs.cramfs
  mkfs.ext2 mkfs.ext3 mkfs.ext4 mkfs.minix mkhomedir_helper mklost+found mkswap modinfo modprobe
  newusers nft nginx nologin ownership pam-auth-update pam_getenv pam_namespace_helper
  pam_timestamp_check pivot_root poweroff pwck pwconv pwhistory_helper pwunconv readprofile reboot
  remove-shell resize2fs rmmod rmt-tar rtacct rtcwake rtmon runlevel runuser service sfdisk
  shadowconfig shutdown sshd start-stop-daemon sudo_logsrvd sudo_sendlog sulogin swaplabel swapoff
  swapon switch_root sysctl tarcat tc telinit tipc tune2fs unix_chkpwd unix_update update-passwd
  update-rc.d update-shells useradd userdel usermod vdpa vigr vipw visudo vpddecode wipefs zic
  zramctl
`.split(/\s+/),
)

/** What the shell and sudo say of such a program instead of "command not found" (after "NAME: "). */
export const notSimulatedNote = '練習用サーバーでは再現していないコマンドです。本物の Debian 12 にはあります (not simulated in the practice machine; a real Debian 12 server has it)'

/** Whether a real Debian 12 server finds `name` through `searchPath` (a PATH). */
export function onRealServer(name: string, searchPath: string): boolean {
  if (name === '' || name.includes('/')) return false
  return searchPath.split(':').some((dir) => {
    const folder = dir.replace(/^\/usr(?=\/)/, '').replace(/\/+$/, '')
    return (folder === '/bin' && bin.has(name)) || (folder === '/sbin' && sbin.has(name))
  })
}
