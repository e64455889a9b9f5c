#!/usr/bin/env bash
# Private test mail servers on loopback: Dovecot (IMAP, IMAPS, LMTP) and Postfix (SMTP,
# delivering into Dovecot over LMTP), all state in one throwaway folder.
#
#   scripts/mailservers.sh start DIR [--users "sp1 sp2" | --users-file FILE]
#                                    [--password PW] [--tls-host NAME]
#                                    [--smtp-port N] [--smtps-port N] [--imap-port N]
#                                    [--imaps-port N] [--lmtp-port N]
#   scripts/mailservers.sh env DIR        # prints DIR/env (shell assignments)
#   scripts/mailservers.sh sink DIR PORT [smtp-sink options]   # extra smtp-sink on PORT
#   scripts/mailservers.sh stop DIR       # idempotent
#
# Needs root and the Debian packages dovecot-imapd, dovecot-lmtpd, postfix and openssl;
# it installs nothing and starts no system-wide service. The only change outside DIR:
# DIR/postfix is listed in alternate_config_directories of /etc/postfix/main.cf (Postfix
# refuses a private instance otherwise), and removed again by stop; entries naming
# folders that no longer exist are pruned on every start. A system user "schoolpostmail"
# owns the mail (Dovecot refuses uid 0); it is created once if missing.
#
# Mail domains: edu.example.org (user "oswiata") and schools.example.net (the --users).
# All users share one password (--password, or random) and log in by local part
# ("oswiata", "sp1"). Unknown users are refused by LMTP, so Postfix bounces to the sender.
# "sp1+token@schools.example.net" lands in sp1's INBOX with Delivered-To keeping +token.
# Postfix offers AUTH PLAIN/LOGIN (Dovecot's users) and STARTTLS on SMTP_PORT, implicit
# TLS on SMTPS_PORT; Dovecot offers STARTTLS on IMAP_PORT, implicit TLS on IMAPS_PORT; one
# certificate for TLS_HOST (default mail.edu.example.org), signed by a CA made in DIR/tls.
# Outside mail is refused (error transport); everything listens on 127.0.0.1 only.
#
# DIR/env (mode 600) holds: MAILSERVERS_DIR MAIL_HOST SMTP_PORT SMTPS_PORT IMAP_PORT
# IMAPS_PORT LMTP_PORT MAIL_ROOT (Maildir of user U: $MAIL_ROOT/U) CA_FILE TLS_HOST
# MAIL_PASSWORD DEPARTMENT_DOMAIN DEPARTMENT_USER DEPARTMENT_ADDRESS SCHOOL_DOMAIN
# SCHOOL_USERS LOG_DIR POSTFIX_CONFIG_DIR DOVECOT_CONFIG.  Logs: DIR/log/.
set -euo pipefail
export PATH="/usr/sbin:/sbin:$PATH"

DEPARTMENT_DOMAIN=edu.example.org
SCHOOL_DOMAIN=schools.example.net
DEPARTMENT_USER=oswiata
MAIL_USER=schoolpostmail
DEFAULT_TLS_HOST=mail.edu.example.org
MAIN_CF=/etc/postfix/main.cf
LOCK_FILE=/run/lock/schoolpost-mailservers.lock
[ -d /run/lock ] || LOCK_FILE=/tmp/schoolpost-mailservers.lock

die() { echo "mailservers: $*" >&2; exit 1; }

usage() {
    sed -n '4,11p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# -- helpers -------------------------------------------------------------------------

require_binaries() {
    local missing=() bin
    for bin in dovecot doveadm postfix postconf postsuper openssl flock; do
        command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
    done
    [ -x /usr/lib/dovecot/lmtp ] || missing+=("dovecot lmtp (dovecot-lmtpd)")
    [ -x /usr/lib/dovecot/imap ] || missing+=("dovecot imap (dovecot-imapd)")
    if [ ${#missing[@]} -gt 0 ]; then
        die "missing: ${missing[*]} (install dovecot-imapd dovecot-lmtpd postfix openssl)"
    fi
    [ "$(id -u)" = 0 ] || die "must run as root (Postfix and Dovecot switch users)"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
    local tries=0 port
    while [ $tries -lt 200 ]; do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if ! port_in_use "$port" && ! grep -qx "$port" "$PICKED" 2>/dev/null; then
            echo "$port" >>"$PICKED"
            echo "$port"
            return 0
        fi
        tries=$((tries + 1))
    done
    die "no free port found"
}

wait_for_port() {
    local port=$1 name=$2 i
    for i in $(seq 1 100); do
        port_in_use "$port" && return 0
        sleep 0.1
    done
    die "$name did not open 127.0.0.1:$port (see $DIR/log)"
}

# Rewrites alternate_config_directories under a lock: drop folders that are gone, then
# add or remove $1 (action "add" or "remove").
edit_alternate_dirs() {
    local action=$1 target=$2
    exec 9>"$LOCK_FILE"
    flock 9
    [ -f "$MAIN_CF" ] || : >"$MAIN_CF"
    local current kept=() entry
    current=$(postconf -c /etc/postfix -h alternate_config_directories 2>/dev/null || true)
    for entry in ${current//,/ }; do
        [ -d "$entry" ] || continue
        [ "$entry" = "$target" ] && continue
        kept+=("$entry")
    done
    [ "$action" = add ] && kept+=("$target")
    if [ ${#kept[@]} -eq 0 ]; then
        postconf -c /etc/postfix -X alternate_config_directories 2>/dev/null || true
        # An empty main.cf means the same as none (this install ships none).
        [ -s "$MAIN_CF" ] || rm -f "$MAIN_CF"
    else
        postconf -c /etc/postfix -e "alternate_config_directories = ${kept[*]}"
    fi
    flock -u 9
    exec 9>&-
}

ensure_mail_user() {
    if ! getent passwd "$MAIL_USER" >/dev/null; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$MAIL_USER" || die "cannot create user $MAIL_USER"
    fi
}

make_certificates() {
    local tls=$DIR/tls host=$1
    mkdir -p "$tls"
    (
        cd "$tls"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -days 30 -subj "/CN=schoolpost test CA" -keyout ca.key -out ca.pem \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign"
        openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -subj "/CN=$host" -keyout server.key -out server.csr
        printf '%s\n' "subjectAltName=DNS:$host" "basicConstraints=CA:FALSE" \
            "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
            -days 30 -extfile server.ext -out server.pem
        cat server.pem ca.pem >server-chain.pem
    ) >"$DIR/log/openssl.log" 2>&1 || die "certificate generation failed (see log/openssl.log)"
    chmod 600 "$tls"/*.key
}

write_dovecot_config() {
    local d=$DIR/dovecot dh=""
    mkdir -p "$d/run" "$d/state"
    [ -f /usr/share/dovecot/dh.pem ] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
    : >"$d/users"
    local user
    for user in "$DEPARTMENT_USER" $USERS; do
        printf '%s:{PLAIN}%s::::::\n' "$user" "$PASSWORD" >>"$d/users"
    done
    chmod 640 "$d/users"
    chgrp dovecot "$d/users"
    cat >"$d/dovecot.conf" <<EOF
# Generated by scripts/mailservers.sh; throwaway test instance.
instance_name = schoolpost-$(basename "$DIR")
base_dir = $d/run
state_dir = $d/state
log_path = $DIR/log/dovecot.log
info_log_path = $DIR/log/dovecot.log
listen = 127.0.0.1
protocols = imap lmtp
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = $MAIL_UID
mail_location = maildir:$DIR/mail/%n
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Ln
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no
ssl = yes
ssl_cert = <$DIR/tls/server-chain.pem
ssl_key = <$DIR/tls/server.key
$dh
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Ln $d/users
}
userdb {
  driver = passwd-file
  args = username_format=%Ln $d/users
  default_fields = uid=$MAIL_USER gid=$MAIL_USER home=$DIR/mail/%n
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
# Tests log in wrongly on purpose: no growing penalty or delay for 127.0.0.1.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
protocol lmtp {
  postmaster_address = postmaster@$DEPARTMENT_DOMAIN
}
EOF
}

write_postfix_config() {
    local p=$DIR/postfix
    mkdir -p "$p" "$DIR/postfix-spool" "$DIR/postfix-data"
    chown postfix "$DIR/postfix-data"
    cat >"$p/main.cf" <<EOF
# Generated by scripts/mailservers.sh; throwaway test instance.
compatibility_level = 3.6
queue_directory = $DIR/postfix-spool
data_directory = $DIR/postfix-data
maillog_file = $DIR/log/postfix.log
maillog_file_prefixes = $DIR/log
syslog_name = postfix-schoolpost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.$DEPARTMENT_DOMAIN
mydomain = $DEPARTMENT_DOMAIN
myorigin = \$mydomain
mydestination =
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_transport = error:5.1.1 local delivery is disabled on this test server
default_transport = error:5.7.1 outside mail is disabled on this test server
relay_transport = \$default_transport
virtual_mailbox_domains = $DEPARTMENT_DOMAIN $SCHOOL_DOMAIN
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
recipient_delimiter = +
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,
    reject_unauth_destination
# AUTH PLAIN/LOGIN against Dovecot's users, offered without TLS (loopback tests only).
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DIR/dovecot/run/auth-postfix
smtpd_sasl_security_options = noanonymous
# STARTTLS offered on the SMTP port, implicit TLS on the SMTPS port, same certificate.
smtpd_tls_cert_file = $DIR/tls/server-chain.pem
smtpd_tls_key_file = $DIR/tls/server.key
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtputf8_enable = no
biff = no
queue_run_delay = 10s
minimal_backoff_time = 10s
maximal_backoff_time = 60s
delay_warning_time = 0
EOF
    cat >"$p/master.cf" <<EOF
# Generated by scripts/mailservers.sh; every service runs without chroot.
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n -  0 cleanup
qmgr      unix  n - n 300 1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n -  - trivial-rewrite
bounce    unix  - - n -  0 bounce
defer     unix  - - n -  0 bounce
trace     unix  - - n -  0 bounce
verify    unix  - - n -  1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -  - proxymap
proxywrite unix - - n -  1 proxymap
smtp      unix  - - n -  - smtp
relay     unix  - - n -  - smtp
showq     unix  n - n -  - showq
error     unix  - - n -  - error
retry     unix  - - n -  - error
discard   unix  - - n -  - discard
lmtp      unix  - - n -  - lmtp
anvil     unix  - - n -  1 anvil
scache    unix  - - n -  1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
}

write_env() {
    local tmp=$DIR/env.tmp
    {
        echo "MAILSERVERS_DIR='$DIR'"
        echo "MAIL_HOST='127.0.0.1'"
        echo "SMTP_PORT='$SMTP_PORT'"
        echo "SMTPS_PORT='$SMTPS_PORT'"
        echo "IMAP_PORT='$IMAP_PORT'"
        echo "IMAPS_PORT='$IMAPS_PORT'"
        echo "LMTP_PORT='$LMTP_PORT'"
        echo "MAIL_ROOT='$DIR/mail'"
        echo "CA_FILE='$DIR/tls/ca.pem'"
        echo "TLS_HOST='$TLS_HOST'"
        echo "MAIL_PASSWORD='$PASSWORD'"
        echo "DEPARTMENT_DOMAIN='$DEPARTMENT_DOMAIN'"
        echo "DEPARTMENT_USER='$DEPARTMENT_USER'"
        echo "DEPARTMENT_ADDRESS='$DEPARTMENT_USER@$DEPARTMENT_DOMAIN'"
        echo "SCHOOL_DOMAIN='$SCHOOL_DOMAIN'"
        echo "SCHOOL_USERS='$(echo $USERS)'"
        echo "LOG_DIR='$DIR/log'"
        echo "POSTFIX_CONFIG_DIR='$DIR/postfix'"
        echo "DOVECOT_CONFIG='$DIR/dovecot/dovecot.conf'"
    } >"$tmp"
    chmod 600 "$tmp"
    mv "$tmp" "$DIR/env"
}

# -- commands ------------------------------------------------------------------------

cmd_start() {
    USERS="" PASSWORD="" TLS_HOST=$DEFAULT_TLS_HOST
    SMTP_PORT="" SMTPS_PORT="" IMAP_PORT="" IMAPS_PORT="" LMTP_PORT=""
    while [ $# -gt 0 ]; do
        case $1 in
            --users) USERS=$2; shift 2 ;;
            --users-file) [ -r "$2" ] || die "cannot read $2"
                          USERS=$(grep -v '^\s*#' "$2" | tr -s ' \t\r\n' ' '); shift 2 ;;
            --password) PASSWORD=$2; shift 2 ;;
            --tls-host) TLS_HOST=$2; shift 2 ;;
            --smtp-port) SMTP_PORT=$2; shift 2 ;;
            --smtps-port) SMTPS_PORT=$2; shift 2 ;;
            --imap-port) IMAP_PORT=$2; shift 2 ;;
            --imaps-port) IMAPS_PORT=$2; shift 2 ;;
            --lmtp-port) LMTP_PORT=$2; shift 2 ;;
            *) die "unknown option $1" ;;
        esac
    done
    local user
    for user in $USERS; do
        [[ $user =~ ^[a-z0-9][a-z0-9._-]*$ ]] || die "bad user name '$user'"
        [ "$user" != "$DEPARTMENT_USER" ] || die "'$user' is the department user"
    done
    [[ $TLS_HOST =~ ^[A-Za-z0-9.-]+$ ]] || die "bad host name '$TLS_HOST'"
    [[ $PASSWORD =~ ^[A-Za-z0-9._-]*$ ]] || die "password: letters, digits, . _ - only"
    [ -n "$PASSWORD" ] || PASSWORD=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')

    [ -f "$DIR/run.state" ] && die "$DIR already runs servers (stop it first)"
    PICKED=$DIR/.ports
    : >"$PICKED"
    local port
    for port in "$SMTP_PORT" "$SMTPS_PORT" "$IMAP_PORT" "$IMAPS_PORT" "$LMTP_PORT"; do
        [ -z "$port" ] || echo "$port" >>"$PICKED"
    done
    SMTP_PORT=${SMTP_PORT:-$(pick_port)}
    SMTPS_PORT=${SMTPS_PORT:-$(pick_port)}
    IMAP_PORT=${IMAP_PORT:-$(pick_port)}
    IMAPS_PORT=${IMAPS_PORT:-$(pick_port)}
    LMTP_PORT=${LMTP_PORT:-$(pick_port)}
    rm -f "$PICKED"
    for port in "$SMTP_PORT" "$SMTPS_PORT" "$IMAP_PORT" "$IMAPS_PORT" "$LMTP_PORT"; do
        [[ $port =~ ^[0-9]+$ ]] && [ "$port" -gt 1024 ] && [ "$port" -lt 65536 ] \
            || die "bad port '$port'"
        ! port_in_use "$port" || die "port $port is in use"
    done

    ensure_mail_user
    MAIL_UID=$(id -u "$MAIL_USER")
    # Daemons running as other users must reach their files inside DIR.
    chmod 0711 "$DIR"
    mkdir -p "$DIR/log" "$DIR/mail"
    chown "$MAIL_USER:$MAIL_USER" "$DIR/mail"
    chmod 0700 "$DIR/mail"
    make_certificates "$TLS_HOST"
    write_dovecot_config
    write_postfix_config
    write_env
    echo started >"$DIR/run.state"

    dovecot -c "$DIR/dovecot/dovecot.conf" >>"$DIR/log/dovecot.log" 2>&1 \
        || { cmd_stop; die "dovecot failed to start (see $DIR/log/dovecot.log)"; }
    edit_alternate_dirs add "$DIR/postfix"
    postfix -c "$DIR/postfix" start >>"$DIR/log/postfix-start.log" 2>&1 \
        || { cmd_stop; die "postfix failed to start (see $DIR/log/postfix-start.log)"; }

    wait_for_port "$IMAP_PORT" dovecot
    wait_for_port "$LMTP_PORT" dovecot
    wait_for_port "$SMTP_PORT" postfix
    wait_for_port "$SMTPS_PORT" postfix
    echo "mailservers: running in $DIR (smtp $SMTP_PORT, smtps $SMTPS_PORT, imap $IMAP_PORT," \
         "imaps $IMAPS_PORT, lmtp $LMTP_PORT)"
}

cmd_sink() {
    local port=${1:-}
    [[ $port =~ ^[0-9]+$ ]] || die "sink needs a port"
    shift
    [ -d "$DIR" ] || die "no folder $DIR"
    mkdir -p "$DIR/log"
    ensure_mail_user
    smtp-sink -u "$MAIL_USER" "$@" "127.0.0.1:$port" 16 \
        >>"$DIR/log/smtp-sink-$port.log" 2>&1 &
    echo $! >"$DIR/sink-$port.pid"
    wait_for_port "$port" smtp-sink
}

# Waits up to 5 s for process $1 to end (a zombie counts as ended), then kills it.
wait_gone() {
    local pid=$1 i state
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    for i in $(seq 1 50); do
        state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
        [ -z "$state" ] || [[ $state == Z* ]] && return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

cmd_stop() {
    [ -d "$DIR" ] || return 0
    local pidfile pid
    for pidfile in "$DIR"/sink-*.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || true
        rm -f "$pidfile"
    done
    if [ -f "$DIR/postfix/main.cf" ] && command -v postfix >/dev/null; then
        if [ -f "$DIR/postfix-spool/pid/master.pid" ]; then
            local postfix_pid
            postfix_pid=$(tr -d ' ' <"$DIR/postfix-spool/pid/master.pid")
            postfix -c "$DIR/postfix" stop >>"$DIR/log/postfix-start.log" 2>&1 || true
            wait_gone "$postfix_pid"
        fi
        edit_alternate_dirs remove "$DIR/postfix"
    fi
    local dovecot_pid=""
    if [ -f "$DIR/dovecot/run/master.pid" ]; then
        dovecot_pid=$(cat "$DIR/dovecot/run/master.pid")
        doveadm -c "$DIR/dovecot/dovecot.conf" stop >/dev/null 2>&1 \
            || kill "$dovecot_pid" 2>/dev/null || true
        wait_gone "$dovecot_pid"
    fi
    rm -f "$DIR/run.state"
}

# -- main ----------------------------------------------------------------------------

[ $# -ge 2 ] || usage
COMMAND=$1
DIR=$2
shift 2
if [ "$COMMAND" = start ]; then mkdir -p "$DIR"; fi
[ -d "$DIR" ] || { [ "$COMMAND" = stop ] && exit 0; die "no folder $DIR"; }
DIR=$(cd "$DIR" && pwd -P)

case $COMMAND in
    start) require_binaries; cmd_start "$@" ;;
    stop) cmd_stop ;;
    env) [ -f "$DIR/env" ] || die "no env in $DIR (not started?)"; cat "$DIR/env" ;;
    sink) command -v smtp-sink >/dev/null || die "missing smtp-sink (postfix)"
          cmd_sink "$@" ;;
    *) usage ;;
esac
