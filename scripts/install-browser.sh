#!/usr/bin/env bash
# Installs headless Chromium and its WebDriver from Debian's packages, for the inspector's
# browser test (tests/inspector_browser.rs). Idempotent: does nothing when both are present.
# Needs root (CI and the development machines run as root); the package index is refreshed
# only when something is missing, so a machine that has both never touches the network.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "chromium and chromedriver already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium chromium-driver
/usr/bin/chromium --version
/usr/bin/chromedriver --version
