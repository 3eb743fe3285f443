#!/usr/bin/env bash
# Installs what tailan needs to build and test on Debian 12 (run as root or with sudo).
# LibreOffice (without its GUI: about 40 s to fetch and unpack) reads legacy .doc, .xls
# and RTF files; tailan runs without it and says so when such a file comes.
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config clang libclang-rt-14-dev \
  libxml2-dev libxml2-utils libicu-dev libpcre2-dev libglib2.0-dev libcriterion-dev \
  libpoppler-glib-dev libzip-dev libsqlite3-dev libcairo2-dev libjson-glib-dev poppler-utils bc unzip sqlite3 time python3 python3-jsonschema \
  libtesseract-dev libleptonica-dev libpng-dev tesseract-ocr tesseract-ocr-mon tesseract-ocr-eng hunspell-mn libhunspell-dev \
  libreoffice-writer-nogui libreoffice-calc-nogui chromium >/dev/null
