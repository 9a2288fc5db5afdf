#!/usr/bin/env bash
# Emulator test of `nephos collect` against moto_server (a real AWS API emulator), on loopback.
#
#   tests/emulator/run.sh                 correctness: ~60-resource estate, check every file, inject an error
#   tests/emulator/run.sh --bench RUNS    benchmark: ~1,000-resource estate (--scale 25), time RUNS collections
#   tests/emulator/run.sh --org-only      only the multi-account part (below)
#   tests/emulator/run.sh --bench-org RUNS  benchmark: time RUNS `--org` collections of the organization
#
# Creates a venv with moto[server]==5.2.5 + boto3 (from PyPI, once; kept in $NEPHOS_EMU_DIR), starts
# moto_server on 127.0.0.1 on a free port, builds the estate with boto3 (estate.py), runs
# `nephos collect --endpoint-url ...`, checks the written files (check.py) and what `nephos inventory`
# and `nephos exposure` find in them (check_nephos.py), then repeats the collection
# with SQS pointed at a closed port and checks that the failure is reported while the rest is
# collected. Then, on a second, fresh moto_server, the multi-account part: org_estate.py builds an
# AWS Organization (OUs, an SCP, member accounts with resources made through assumed roles, a closed
# account, a member the caller may not assume into) and switches on moto's IAM authorization;
# `nephos collect --org`, `--org --org-role NephosAudit` and `--role-arn` are checked by check_org.py.
# The servers are always stopped (trap). Ends with `N passed, N failed`; exits non-zero on failure.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${NEPHOS_EMU_DIR:-$ROOT/target/emulator}"
VENV="$WORK/venv"
MODE=test
RUNS=5
SCALE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bench) MODE=bench; RUNS="${2:-5}"; SCALE="${SCALE_OVERRIDE:-25}"; shift 2 ;;
    --scale) SCALE="$2"; shift 2 ;;
    --org-only) MODE=org; shift ;;
    --bench-org) MODE=bench-org; RUNS="${2:-5}"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$WORK"

if [ ! -x "$VENV/bin/moto_server" ]; then
  echo "== creating $VENV (moto[server]==5.2.5, boto3)"
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q 'moto[server]==5.2.5' boto3 || { echo "0 passed, 1 failed"; exit 1; }
fi
PY="$VENV/bin/python"

if [ -z "${NEPHOS_BIN:-}" ]; then
  echo "== building nephos"
  # --workspace: the same feature resolution as `cargo test --workspace`, so the AWS SDK built for
  # the tests is reused rather than compiled a second time.
  (cd "$ROOT" && cargo build -q --workspace) || { echo "0 passed, 1 failed"; exit 1; }
  NEPHOS_BIN="$ROOT/target/debug/nephos"
fi

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
PORT="$(free_port)"
CLOSED="$(free_port)"   # nothing listens here: calls to it fail to connect
ENDPOINT="http://127.0.0.1:$PORT"

MOTO_PID=""
stop_moto() { if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null; wait "$MOTO_PID" 2>/dev/null; MOTO_PID=""; fi; }
trap stop_moto EXIT INT TERM

start_moto() {  # $1 = port, $2 = log file
  MOTO_IAM_LOAD_MANAGED_POLICIES=true MOTO_EC2_LOAD_DEFAULT_AMIS=false \
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$1" > "$2" 2>&1 < /dev/null &
  MOTO_PID=$!
  for _ in $(seq 1 60); do
    "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$1/moto-api/', timeout=1)" 2>/dev/null && break
    sleep 0.5
  done
}

# Dummy credentials only; never a real profile.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_DEFAULT_PROFILE

PASS=0; FAIL=0
tally() { local line; line="$(tail -1 "$1")"; PASS=$((PASS + $(echo "$line" | awk '{print $1}'))); FAIL=$((FAIL + $(echo "$line" | awk '{print $3}'))); }

# The multi-account part, on its own moto_server (IAM authorization on once the estate is built).
org_part() {
  local port endpoint
  port="$(free_port)"; endpoint="http://127.0.0.1:$port"
  echo "== starting moto_server for the organization on $endpoint"
  start_moto "$port" "$WORK/moto-org.log"
  echo "== building the organization"
  if ! AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
       "$PY" "$HERE/org_estate.py" --endpoint "$endpoint" --out "$WORK/org-expected.json"; then
    echo "FAIL org_estate.py"; FAIL=$((FAIL + 1)); stop_moto; return
  fi
  # From here on, as the management account's `auditor` user (moto checks every signature and policy).
  local key secret mgmt prod legacy
  key="$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['auditor']['AccessKeyId'])" "$WORK/org-expected.json")"
  secret="$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['auditor']['SecretAccessKey'])" "$WORK/org-expected.json")"
  read -r prod legacy < <("$PY" -c "import json,sys; m=json.load(open(sys.argv[1]))['members']; n={v['name']: k for k, v in m.items()}; print(n['acme-prod'], n['acme-legacy'])" "$WORK/org-expected.json")
  if [ "$MODE" = bench-org ]; then
    echo "== timing $RUNS \`nephos collect --org\` runs"
    for i in $(seq 1 "$RUNS"); do
      rm -rf "$WORK/bench-org-out"
      AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" \
        /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" -o "$WORK/time-org-$i.txt" \
        "$NEPHOS_BIN" collect --org --endpoint-url "$endpoint" --regions us-east-1 --no-progress \
        --concurrency "${CONCURRENCY:-16}" --account-concurrency "${ACCOUNT_CONCURRENCY:-4}" --max-attempts "${MAX_ATTEMPTS:-5}" \
        --out "$WORK/bench-org-out" 2> "$WORK/bench-org-$i.log"
      echo "run $i: $(cat "$WORK/time-org-$i.txt") | $(head -1 "$WORK/bench-org-$i.log")"
    done
    stop_moto
    return
  fi
  local name args
  for name in org org-role role-arn; do
    case "$name" in
      org) args=(--org) ;;
      org-role) args=(--org --org-role NephosAudit) ;;
      role-arn) args=(--role-arn "arn:aws:iam::$prod:role/OrganizationAccountAccessRole"
                      --role-arn "arn:aws:iam::$legacy:role/OrganizationAccountAccessRole") ;;
    esac
    echo "== nephos collect ${args[*]}"
    rm -rf "$WORK/out-$name"
    # --max-attempts 2: moto's 500s for Access Analyzer are retried, which only slows the test down.
    if AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" \
       "$NEPHOS_BIN" collect "${args[@]}" --endpoint-url "$endpoint" --regions us-east-1 --no-progress \
       --max-attempts 2 --out "$WORK/out-$name" 2> "$WORK/collect-$name.log"; then
      cut -c1-200 "$WORK/collect-$name.log"
      "$PY" "$HERE/check_org.py" "$NEPHOS_BIN" "$name" "$WORK/out-$name" "$WORK/org-expected.json" | tee "$WORK/check-$name.txt"
      tally "$WORK/check-$name.txt"
    else
      cat "$WORK/collect-$name.log"; echo "FAIL nephos collect ${args[*]} exited non-zero"; FAIL=$((FAIL + 1))
    fi
  done
  echo "== nephos scan --collect --org (collect the organization, then every analysis)"
  rm -rf "$WORK/out-scan-org"
  if AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" \
     "$NEPHOS_BIN" scan "$WORK/out-scan-org" --collect --org --endpoint-url "$endpoint" --regions us-east-1 \
     --no-progress --max-attempts 2 --no-store --format json > "$WORK/scan-org.json" 2> "$WORK/scan-org.log" \
     && "$PY" - "$WORK/scan-org.json" "$WORK/org-expected.json" <<'PY'
import json, sys
scan, exp = (json.load(open(p)) for p in sys.argv[1:3])
inv = scan["inventory"]
collected = {exp["management"]["id"]} | {a for a, m in exp["members"].items() if not m.get("blocked")}
assert set(inv["accounts"]) == collected, f"accounts {inv['accounts']} != {sorted(collected)}"
k = inv["by_kind"]
assert k.get("AWS::Organizations::Account") == len(exp["members"]) + 2, k  # + management + closed
assert k.get("AWS::Organizations::OrganizationalUnit") == len(exp["ous"]), k
assert k.get("AWS::Organizations::Policy", 0) >= 2, k  # FullAWSAccess + deny-leave-org (+ moto's default RCP)
assert k.get("AWS::S3::Bucket") == len(collected) and k.get("AWS::SQS::Queue") == len(collected), k
assert "architectures" in scan and "findings" in scan
PY
  then
    echo "ok   scan --collect --org: every collected account, the organization's accounts, OUs and SCPs"; PASS=$((PASS + 1))
  else
    cat "$WORK/scan-org.log"; echo "FAIL scan --collect --org"; FAIL=$((FAIL + 1))
  fi
  stop_moto
}

if [ "$MODE" = org ] || [ "$MODE" = bench-org ]; then
  org_part
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
  exit
fi

echo "== starting moto_server on $ENDPOINT"
start_moto "$PORT" "$WORK/moto.log"

echo "== building the estate (scale $SCALE)"
"$PY" "$HERE/estate.py" --endpoint "$ENDPOINT" --out "$WORK/expected.json" --scale "$SCALE" || { echo "0 passed, 1 failed"; exit 1; }

if [ "$MODE" = bench ]; then
  echo "== timing $RUNS collections"
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/bench-out"
    /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" -o "$WORK/time-$i.txt" \
      "$NEPHOS_BIN" collect --endpoint-url "$ENDPOINT" --regions us-east-1,eu-west-1 --no-progress \
      --concurrency "${CONCURRENCY:-16}" --out "$WORK/bench-out" 2> "$WORK/bench-$i.log"
    echo "run $i: $(cat "$WORK/time-$i.txt") | $(head -1 "$WORK/bench-$i.log")"
  done
  "$PY" "$HERE/check.py" "$WORK/bench-out" "$WORK/expected.json" > "$WORK/bench-check.txt"
  rc=$?
  tail -1 "$WORK/bench-check.txt"
  exit $rc
fi

echo "== nephos collect --endpoint-url $ENDPOINT"
rm -rf "$WORK/out"
if "$NEPHOS_BIN" collect --endpoint-url "$ENDPOINT" --regions us-east-1,eu-west-1 --no-progress --out "$WORK/out" 2> "$WORK/collect.log"; then
  cat "$WORK/collect.log"
  "$PY" "$HERE/check.py" "$WORK/out" "$WORK/expected.json" | tee "$WORK/check.txt"
  tally "$WORK/check.txt"
  echo "== what nephos finds in it (nephos inventory, nephos exposure)"
  NEPHOS_DB="$WORK/nephos.db" "$PY" "$HERE/check_nephos.py" "$NEPHOS_BIN" "$WORK/out" "$WORK/expected.json" | tee "$WORK/check-nephos.txt"
  tally "$WORK/check-nephos.txt"
else
  cat "$WORK/collect.log"; echo "FAIL nephos collect exited non-zero"; FAIL=$((FAIL + 1))
fi

echo "== nephos scan --collect (collect, then every analysis) agrees with the plain collection"
rm -rf "$WORK/out-scan"
if "$NEPHOS_BIN" scan "$WORK/out-scan" --collect --endpoint-url "$ENDPOINT" --regions us-east-1,eu-west-1 \
     --no-progress --no-store --format json > "$WORK/scan.json" 2> "$WORK/scan-collect.log" \
   && [ -d "$WORK/out" ] \
   && "$NEPHOS_BIN" scan "$WORK/out" --no-store --format json > "$WORK/scan-plain.json" 2>> "$WORK/scan-collect.log" \
   && "$PY" - "$WORK/scan.json" "$WORK/scan-plain.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ka, kb = a["inventory"]["by_kind"], b["inventory"]["by_kind"]
assert ka == kb, f"per-kind counts differ: {ka} vs {kb}"
assert a["inventory"]["resources"] > 0 and "architectures" in a and "findings" in a
PY
then
  echo "ok   scan --collect: same resources per kind as collect + scan"; PASS=$((PASS + 1))
else
  cat "$WORK/scan-collect.log"; echo "FAIL scan --collect"; FAIL=$((FAIL + 1))
fi

echo "== error injection: SQS pointed at a closed port ($CLOSED)"
rm -rf "$WORK/out-injected"
if AWS_ENDPOINT_URL="$ENDPOINT" AWS_ENDPOINT_URL_SQS="http://127.0.0.1:$CLOSED" \
   "$NEPHOS_BIN" collect --regions us-east-1,eu-west-1 --no-progress --max-attempts 2 --out "$WORK/out-injected" 2> "$WORK/collect-injected.log"; then
  cat "$WORK/collect-injected.log"
  "$PY" "$HERE/check.py" "$WORK/out-injected" "$WORK/expected.json" --injected sqs | tee "$WORK/check-injected.txt"
  tally "$WORK/check-injected.txt"
else
  cat "$WORK/collect-injected.log"; echo "FAIL nephos collect (injected) exited non-zero"; FAIL=$((FAIL + 1))
fi

stop_moto
org_part
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
