"""Write src/tieline/sample/corpus/warc/pages.warc.gz, the WARC part of the bundled sample corpus.

The three news pages below are invented for testing (see src/tieline/sample/README.md).
The archive is deterministic: fixed WARC-Date and WARC-Record-ID values, and warcio's
per-record gzip members carry no timestamp, so running this twice gives the same bytes.

Records, in order (MANIFEST.json counts every record, these included):
  0  request   GET for the first page (readers must skip it)
  1  response  text/html  NATO summit page
  2  response  image/png  site logo (not HTML: readers must skip it)
  3  response  text/html  Lebanon-Israel ceasefire page
  4  response  text/html  ASEAN summit page

Usage: python scripts/make_sample_warc.py [OUTPUT]
"""

from __future__ import annotations

import struct
import sys
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "tieline" / "sample" / "corpus" / "warc" / "pages.warc.gz"

SITE = "https://www.northseachronicle.example"

PAGE_NATO = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>NATO Allies Back Higher Spending Target at The Hague Summit | The North Sea Chronicle</title>
<meta property="og:title" content="NATO Allies Back Higher Spending Target at The Hague Summit">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-06-25T17:10:00+02:00">
<meta name="author" content="Anouk Visser">
<link rel="icon" href="/static/logo.png">
</head>
<body>
<div class="consent-bar">We use cookies to analyse traffic and personalise ads. <button>Accept all</button> <button>Reject all</button></div>
<header class="nav-wrap">
  <a href="/" class="logo"><img src="/static/logo.png" alt="The North Sea Chronicle"></a>
  <nav><a href="/world">World</a> <a href="/europe">Europe</a> <a href="/defence">Defence</a> <a href="/economy">Economy</a></nav>
</header>
<main>
<article class="article-main">
  <h1>NATO Allies Back Higher Spending Target at The Hague Summit</h1>
  <div class="meta"><span class="author">By Anouk Visser</span> &middot; <time datetime="2025-06-25T17:10:00+02:00">25 June 2025</time></div>
  <p>NATO leaders meeting in The Hague agreed on Wednesday to raise their defence spending target to 5 percent of economic output by 2035, the largest increase in the alliance’s commitments since the end of the Cold War.</p>
  <p>The new goal is split between 3.5 percent for core military spending and 1.5 percent for related costs such as infrastructure, cyber defence and civil preparedness. Allies will submit annual plans showing how they intend to get there.</p>
  <div class="ad-container"><span class="ad-label">Advertisement</span></div>
  <p>Spain did not commit to the timeline, and its government said it could meet its obligations while spending far less. Several other allies consider the target unrealistic, three diplomats said privately.</p>
  <p>“The number matters less than whether the money turns into air defence, ammunition and soldiers,” said Hendrik Jansen, a senior research fellow at the Clingendael Institute in The Hague. “On that, Europe is still years behind.”</p>
  <p>The summit declaration described Russia as a long-term threat to the alliance’s security. Volodymyr Zelensky attended a dinner hosted by the Dutch king but was not invited to the main session.</p>
</article>
<aside class="more"><h2>More on Defence</h2><ul><li><a href="/defence/air-defence-gap">Europe’s Air-Defence Gap, in Five Charts</a></li><li><a href="/defence/ammunition">Ammunition Factories Race to Catch Up</a></li></ul></aside>
</main>
<footer><p>Share this article</p><p>&copy; 2025 The North Sea Chronicle</p></footer>
</body>
</html>
"""

PAGE_LEBANON = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lebanon and Israel Agree to Expand Ceasefire Monitoring Committee | The North Sea Chronicle</title>
<meta property="og:title" content="Lebanon and Israel Agree to Expand Ceasefire Monitoring Committee">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-12-03T19:40:00+02:00">
<meta name="author" content="Rana Aoun">
</head>
<body>
<div class="consent-bar">We use cookies to analyse traffic and personalise ads. <button>Accept all</button> <button>Reject all</button></div>
<header class="nav-wrap">
  <a href="/" class="logo"><img src="/static/logo.png" alt="The North Sea Chronicle"></a>
  <nav><a href="/world">World</a> <a href="/middle-east">Middle East</a> <a href="/defence">Defence</a> <a href="/economy">Economy</a></nav>
</header>
<main>
<article class="article-main">
  <h1>Lebanon and Israel Agree to Expand Ceasefire Monitoring Committee</h1>
  <div class="meta"><span class="author">By Rana Aoun</span> &middot; <time datetime="2025-12-03T19:40:00+02:00">3 December 2025</time></div>
  <p class="listen">Listen to this article</p>
  <p>Lebanon and Israel agreed on Wednesday to add civilian representatives to the committee that monitors their year-old ceasefire, the first time in decades that the two countries have sent non-military officials to sit at the same table.</p>
  <p>The committee, chaired by the United States and including France and the UN peacekeeping force in southern Lebanon, met at the peacekeepers’ headquarters in Naqoura.</p>
  <p>Israel accused Hezbollah of rebuilding its arsenal south of the Litani River, and Lebanese officials accused Israel of carrying out near-daily drone strikes in violation of the truce. An Israeli strike on a car near Nabatieh killed two people on Tuesday, according to Lebanon’s health ministry.</p>
  <p>“Adding civilians changes the tone, but not the substance, at least not yet,” said Maya Khalil, a researcher at the Issam Fares Institute at the American University of Beirut. “The hard question is still who disarms Hezbollah, and when.”</p>
  <p>Lebanon’s army has deployed thousands of soldiers to the south under the terms of the ceasefire. Hezbollah has refused to hand over its weapons north of the river and says it will not disarm while Israeli troops remain on Lebanese territory.</p>
</article>
</main>
<footer><p>&copy; 2025 The North Sea Chronicle</p></footer>
</body>
</html>
"""

PAGE_ASEAN = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ASEAN Leaders Press Myanmar Junta Over Election Plans at Kuala Lumpur Summit | The North Sea Chronicle</title>
<meta property="og:title" content="ASEAN Leaders Press Myanmar Junta Over Election Plans at Kuala Lumpur Summit">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-10-26T20:00:00+08:00">
<meta name="author" content="Farid Rahman">
</head>
<body>
<div class="consent-bar">We use cookies to analyse traffic and personalise ads. <button>Accept all</button> <button>Reject all</button></div>
<header class="nav-wrap">
  <a href="/" class="logo"><img src="/static/logo.png" alt="The North Sea Chronicle"></a>
  <nav><a href="/world">World</a> <a href="/asia">Asia</a> <a href="/defence">Defence</a> <a href="/economy">Economy</a></nav>
</header>
<main>
<article class="article-main">
  <h1>ASEAN Leaders Press Myanmar Junta Over Election Plans at Kuala Lumpur Summit</h1>
  <div class="meta"><span class="author">By Farid Rahman</span> &middot; <time datetime="2025-10-26T20:00:00+08:00">26 October 2025</time></div>
  <p>Southeast Asian leaders meeting in Kuala Lumpur on Sunday urged Myanmar’s military government to end the violence before holding elections, and said the vote planned for December could not be a substitute for a political settlement.</p>
  <p>Myanmar’s junta leader, Min Aung Hlaing, was again not invited to the summit, and the country was represented by a senior foreign ministry official. Anwar Ibrahim, Malaysia’s prime minister and this year’s chair, welcomed Timor-Leste as the bloc’s eleventh member.</p>
  <p>“ASEAN has run out of new tools on Myanmar, so it is falling back on old language,” said Nurul Hidayah, a researcher at the ISEAS-Yusof Ishak Institute in Singapore. “Nobody in the room believes the election will be free.”</p>
  <p class="related-inline"><a href="/asia/timor-leste-joins-asean">Related: Timor-Leste’s Long Road to ASEAN Membership</a></p>
  <p>Leaders also discussed the border conflict between Thailand and Cambodia, whose governments signed an expanded ceasefire on the sidelines of the summit. Donald Trump attended the signing and later met several Southeast Asian leaders.</p>
  <p>The chair’s statement said ASEAN would not send election observers unless the junta agreed to talks with its opponents.</p>
</article>
</main>
<footer><p>Follow us on X</p><p>&copy; 2025 The North Sea Chronicle</p></footer>
</body>
</html>
"""

URL_NATO = SITE + "/defence/2025/06/25/nato-hague-summit-spending-target"
URL_LOGO = SITE + "/static/logo.png"
URL_LEBANON = SITE + "/middle-east/2025/12/03/lebanon-israel-ceasefire-committee"
URL_ASEAN = SITE + "/asia/2025/10/26/asean-myanmar-election-kuala-lumpur"

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def tiny_png() -> bytes:
    """A fixed 1x1 grey PNG, built byte by byte so the archive needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x80", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def http_response(content_type: str, body: bytes, last_modified: str) -> StatusAndHeaders:
    return StatusAndHeaders(
        "200 OK",
        [
            ("Date", last_modified),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300"),
        ],
        protocol="HTTP/1.1",
    )


def write(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def response(uri, body, ctype, date, rec_id, http_date):
            record = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                http_headers=http_response(ctype, body, http_date),
                warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": rec_id},
            )
            writer.write_record(record)

        nato_id = "<urn:uuid:6f1c2a7e-0b1d-4c5e-9a10-000000000001>"
        request = writer.create_warc_record(
            URL_NATO,
            "request",
            payload=BytesIO(b""),
            http_headers=StatusAndHeaders(
                "GET /defence/2025/06/25/nato-hague-summit-spending-target HTTP/1.1",
                [
                    ("Host", "www.northseachronicle.example"),
                    ("User-Agent", USER_AGENT),
                    ("Accept", "text/html,application/xhtml+xml"),
                    ("Accept-Language", "en-GB,en;q=0.8"),
                ],
                is_http_request=True,
            ),
            warc_headers_dict={
                "WARC-Date": "2025-06-26T08:00:00Z",
                "WARC-Record-ID": "<urn:uuid:6f1c2a7e-0b1d-4c5e-9a10-000000000000>",
                "WARC-Concurrent-To": nato_id,
            },
        )
        writer.write_record(request)
        response(URL_NATO, PAGE_NATO.encode("utf-8"), "text/html; charset=utf-8",
                 "2025-06-26T08:00:00Z", nato_id, "Thu, 26 Jun 2025 08:00:00 GMT")
        response(URL_LOGO, tiny_png(), "image/png",
                 "2025-06-26T08:00:01Z", "<urn:uuid:6f1c2a7e-0b1d-4c5e-9a10-000000000002>",
                 "Thu, 26 Jun 2025 08:00:01 GMT")
        response(URL_LEBANON, PAGE_LEBANON.encode("utf-8"), "text/html; charset=utf-8",
                 "2025-12-04T07:30:00Z", "<urn:uuid:6f1c2a7e-0b1d-4c5e-9a10-000000000003>",
                 "Thu, 04 Dec 2025 07:30:00 GMT")
        response(URL_ASEAN, PAGE_ASEAN.encode("utf-8"), "text/html; charset=utf-8",
                 "2025-10-27T06:15:00Z", "<urn:uuid:6f1c2a7e-0b1d-4c5e-9a10-000000000004>",
                 "Mon, 27 Oct 2025 06:15:00 GMT")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    write(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
