#!/usr/bin/env bash
# Re-captures the fixtures: for each case, runs real kubectl (dispatched to 1.32 by /version) against
# capture-server.mjs, saving the protobuf POST body as NAME.bin and the same command's
# `--dry-run=client -o json` output as NAME.json (the JSON kubectl would have sent).
# Usage: capture.sh [NAME...]   (no names: every case)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

only=" $* "
capture() {
  local name=$1; shift
  [[ -n ${only// /} && $only != *" $name "* ]] && return 0
  local port pid
  export HOME="$work/home-$name" KUBECACHEDIR="$work/cache-$name"
  mkdir -p "$HOME"
  coproc SRV { node "$here/capture-server.mjs" "$fx/$name.bin"; }
  pid=$SRV_PID
  read -r port <&"${SRV[0]}"
  cat >"$work/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:$port", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
current-context: x
KC
  if [[ "$1" != --no-dry-run ]]; then
    # the dry-run flags must precede a `--` command separator
    local args=() a inserted=
    for a in "$@"; do
      [[ $a == -- && -z $inserted ]] && { args+=(--dry-run=client -o json); inserted=1; }
      args+=("$a")
    done
    [[ -z $inserted ]] && args+=(--dry-run=client -o json)
    kubectl --kubeconfig "$work/kubeconfig" "${args[@]}" >"$fx/$name.json"
  else
    shift
  fi
  kubectl --kubeconfig "$work/kubeconfig" "$@" >/dev/null || echo "kubectl failed for $name" >&2
  wait "$pid" || true
  echo "captured $name"
}

capture deployment create deployment web --image=nginx:1.25 --replicas=3 --port=80
capture deployment-zero create deployment idle --image=nginx --replicas=0
capture namespace create namespace team-a
capture configmap create configmap settings --from-literal=mode=fast --from-literal=level=3
capture deployment-multi create deployment multi --image=nginx:1.25 --image=redis:7
printf '\x00\xffbin' >"$work/blob.bin"; printf 'plain text\n' >"$work/notes.txt"
capture configmap-files create configmap files --from-file="$work/blob.bin" --from-file="$work/notes.txt"
capture secret-generic create secret generic db --from-literal=user=admin --from-literal=password='s3cr=t!'
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj /CN=web \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
capture secret-tls create secret tls web-tls --cert="$work/tls.crt" --key="$work/tls.key"
capture secret-docker create secret docker-registry regcred --docker-server=registry.example.com --docker-username=bob --docker-password=pw --docker-email=bob@example.com
capture serviceaccount create serviceaccount builder
capture job create job once --image=busybox -- echo hello
capture job-from-cronjob create job manual-1 --from=cronjob/nightly
capture cronjob create cronjob nightly --image=busybox --schedule='*/5 * * * *' --restart=OnFailure -- date
capture service-clusterip create service clusterip api --tcp=80:8080 --tcp=443:8443
capture service-nodeport create service nodeport np --tcp=80:8080 --node-port=30080
capture service-loadbalancer create service loadbalancer lb --tcp=443:8443
capture service-externalname create service externalname ext --external-name=db.example.com
capture autoscale autoscale deployment web --min=2 --max=5 --cpu-percent=80
capture priorityclass create priorityclass high --value=1000 --description='important pods' --preemption-policy=Never
capture role create role pod-reader --verb=get,list,watch --resource=pods,deployments.apps --resource-name=a
capture clusterrole create clusterrole metrics --verb=get --non-resource-url=/metrics
capture clusterrole-aggregate create clusterrole agg --aggregation-rule=rbac.example.com/aggregate-to-view=true
capture rolebinding create rolebinding rb --role=pod-reader --user=alice --serviceaccount=default:builder --group=devs
capture clusterrolebinding create clusterrolebinding crb --clusterrole=view --user=bob
capture quota create quota q --hard=cpu=2,memory=1Gi,pods=10 --scopes=BestEffort
capture pdb create poddisruptionbudget web-pdb --selector=app=web --min-available=50%
capture pdb-max create poddisruptionbudget web-pdb2 --selector=app=web --max-unavailable=1
capture ingress create ingress web --class=nginx --rule='example.com/api*=api:80,tls=web-tls' --annotation=a=b
capture ingress-default create ingress dflt --default-backend=fallback:8080
capture token --no-dry-run create token builder --audience=api --duration=10m
capture can-i --no-dry-run auth can-i create deployments.apps --subresource=scale
capture whoami --no-dry-run auth whoami
