#!/usr/bin/env python3
"""Crafted inputs for bench/cost.sh: what an archive sweep meets that costs the most
per byte.  Standard library only.
  cost-inputs.py DIR   writes DIR/headers-{10,60,300}.docx, DIR/poster-grey.png
                        (11000 x 10900, blank), DIR/poster-rgba16.png (10000 x 10000)
  cost-inputs.py --words DIR SAMPLE...
                        writes DIR/unknown-words.txt only: the normalizer's worst case"""
import random, re, struct, sys, zipfile, zlib

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path, parts, kb=1400):
    """A Word package of `parts` header parts of about kb KB of text each."""
    para = '<w:p><w:r><w:t>Авлигын эсрэг үйл ажиллагааны төлөвлөгөөний хэрэгжилт</w:t></w:r></w:p>'
    hdr = f'<?xml version="1.0"?><w:hdr {W}>' + para * (kb * 1024 // len(para.encode())) + '</w:hdr>'
    doc = (f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>Тамгын газрын төлөвлөгөө'
           '</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<Types/>')
        z.writestr('word/document.xml', doc)
        for i in range(parts):
            z.writestr(f'word/header{i + 1}.xml', hdr)


def png(path, w, h, depth, colour, channels):
    """A blank (white) PNG, written a row at a time."""
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    row = b'\x00' + b'\xff' * (w * channels * depth // 8)
    z = zlib.compressobj(9)
    body = b''.join(z.compress(row) for _ in range(h)) + z.flush()
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n')
        f.write(chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, colour, 0, 0, 0)))
        f.write(chunk(b'IDAT', body))
        f.write(chunk(b'IEND', b''))


def unknown_words(path, samples, size=2_000_000):
    """Lines of 12 words, 85 % random words of 3-12 letters of the Mongolian alphabet
    (words no lexicon knows: each is searched for its nearest known words) and 15 % of
    the samples' words, so the passage reads as Mongolian and is not skipped whole
    (a passage of which fewer than one word in ten is known is not searched)."""
    rnd = random.Random(7)
    letters = 'абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя'
    known = [w for f in samples for w in re.findall(r'\w+', open(f, encoding='utf-8').read())]
    out, n = [], 0
    while n < size:
        line = ' '.join(rnd.choice(known) if rnd.random() < 0.15 else
                        ''.join(rnd.choice(letters) for _ in range(rnd.randint(3, 12))) for _ in range(12)) + '\n'
        out.append(line)
        n += len(line.encode())
    with open(path, 'w', encoding='utf-8') as f:
        f.write(''.join(out))


if sys.argv[1] == '--words':
    unknown_words(f'{sys.argv[2]}/unknown-words.txt', sys.argv[3:])
    sys.exit(0)
d = sys.argv[1]
for n in (10, 60, 300):
    docx(f'{d}/headers-{n}.docx', n)
png(f'{d}/poster-grey.png', 11000, 10900, 8, 0, 1)
png(f'{d}/poster-rgba16.png', 10000, 10000, 16, 6, 4)
