#!/usr/bin/env bash
# Installs the Debian packages prunesweep needs: Maven, the Fashion-MNIST dataset
# (/usr/share/datasets/fashion-mnist) and Chromium (used by the report's browser test).
# python3-numpy and python3-h5py regenerate the Keras fixtures (jobs/keras-fixtures.py); not needed to run them.
# Runs apt-get as root, or through sudo.
set -euo pipefail
pkgs=(maven dataset-fashion-mnist chromium python3 python3-numpy python3-h5py)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
