#!/usr/bin/env bash
# The backup → restore round trip on the demo data, as an operator runs it (docs/security.md §18):
# seed a system, export a certificate's credential, back up, restore into an empty system
# (another database, media folder and key path), and verify the credential there.
# SQLite by default; with DATABASE_URL=postgres://…/postgres it uses two scratch databases.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

base_url=${DATABASE_URL:-}
if [[ "$base_url" == postgres* ]]; then
  server=${base_url%/*}
  suffix=$$
  for name in mchch_roundtrip_a_$suffix mchch_roundtrip_b_$suffix; do
    psql "$base_url" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
  done
  trap 'psql "$base_url" -qc "DROP DATABASE IF EXISTS mchch_roundtrip_a_$suffix WITH (FORCE)" \
          -c "DROP DATABASE IF EXISTS mchch_roundtrip_b_$suffix WITH (FORCE)"; rm -rf "$work"' EXIT
  url_a=$server/mchch_roundtrip_a_$suffix
  url_b=$server/mchch_roundtrip_b_$suffix
else
  url_a=sqlite:///$work/a/mchch.sqlite3
  url_b=sqlite:///$work/b/mchch.sqlite3
fi

system() {  # system a|b command…: run manage.py against one of the two systems
  local which=$1 url
  shift
  [[ $which == a ]] && url=$url_a || url=$url_b
  env -u MCHCH_MEDIA_ROOT -u CREDENTIAL_SIGNING_KEY_FILE DEBUG=false \
    MCHCH_VAR_DIR="$work/$which" DATABASE_URL="$url" $PY manage.py "$@"
}

mkdir -p "$work/a" "$work/b"
system a migrate --noinput -v 0
system a load_geography >/dev/null
system a load_default_frameworks >/dev/null
system a seed_demo >/dev/null
system a shell -c "
from certification.credential import credential_bytes
from certification.models import Certificate
open('$work/credential.json', 'wb').write(credential_bytes(Certificate.objects.order_by('pk').first()))
"
system a backup "$work/mchch.tar.gz"
system b restore "$work/mchch.tar.gz"
system b verify_credential "$work/credential.json"
echo "backup → restore round trip: passed"
