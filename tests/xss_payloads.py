"""XSS payloads (at least 100) by OWASP filter-evasion category and bleach's regressions.

Each is fed as Markdown source to every allowlist; what comes out must hold no script, no
event handler, no dangerous URL and no tag or attribute outside that allowlist. The browser
suite (tests/browser/test_xss_sweep.py) puts each in every field a user controls and opens
the pages in Chromium.
"""

SCRIPT_AND_PARSER_TRICKS = [
    "<script>alert(1)</script>",
    "<sCrIpT>alert(1)</ScRiPt>",
    '"><script>alert(1)</script>',
    "'';!--\"<XSS>=&{()}",
    "<scr<script>ipt>alert(1)</script>",
    '<script/xss src="http://evil.example/x.js"></script>',
    "<<script>alert(1);//<</script>",
    "<script src=http://evil.example/x.js?< b >",
    '<img src="javascript:alert(1)"',
    "<iframe src=http://evil.example/ <",
    "<title></title><script>alert(1)</script>",
    "<textarea></textarea><script>alert(1)</script>",
    '<img """><script>alert(1)</script>">',
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "<!-- --><script>alert(1)</script> -->",
    '<script a=">" src="http://evil.example/x.js"></script>',
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "<x onclick=alert(1)>click me",
    "<script>alert(1)<!--",
    "<template><script>alert(1)</script></template>",
]

# A field lands in more places than an element's text: attributes (alt, meta, value),
# <title>, <textarea>, JSON inside <script>, URLs. Each tries to close its context.
CONTEXT_BREAKOUTS = [
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus="alert(1)',
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '"}]</script><script>alert(1)</script>',
    "javascript:alert(1)",
    'https://example.com/"><script>alert(1)</script>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<img src=x onerror=alert&#40;1&#41;>",
]

URL_TRICKS = [
    '<a href="javascript:alert(1)">x</a>',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href="javas\x01cript:alert(1)">x</a>',
    '<a href="&#x6a;avascript&colon;alert(1)">x</a>',
    '<a href="javascript&colon;alert&lpar;1&rpar;">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="livescript:alert(1)">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="http://[::1">broken ipv6</a>',
    '<img srcset="javascript:alert(1) 1x">',
    '<IMG LOWSRC="javascript:alert(1)"><IMG DYNSRC="javascript:alert(1)">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<input type="image" src="javascript:alert(1)">',
    '<video poster="javascript:alert(1)"></video>',
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    '<a href="#" onmouseover="alert(1)">x</a>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<img src=x onerror!#$%&()*~+-_.,:;?@[/|]^`=alert(1)>",
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    '&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<video><source onerror="alert(1)"></video>',
    '<em href="javascript:alert(1)">wrong tag for href</em>',
    '<p id="location" class="x" style="color:red" data-x="1">clobbering</p>',
]

CSS_AND_ACTIVE_CONTENT = [
    '<div style="background-image: url(javascript:alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="width: expression(alert(1));">x</div>',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    "<isindex type=image src=1 onerror=alert(1)>",
]

SVG_MATH_AND_MUTATION = [
    "<svg onload=alert(1)>",
    '<svg><script xlink:href="data:,alert(1)"></script></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<math href="javascript:alert(1)">CLICK</math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<math><style><img src=x onerror="alert(1)"></style></math>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
]

MARKDOWN_TRICKS = [
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1) )",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '[x](https://example.com "title" onclick="alert(1)")',
    '<div onclick="alert(1)">**bold**</div>',
    '<div markdown="1" onclick="alert(1)">x</div>',
    "# Heading <script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "[<img src=x onerror=alert(1)>](https://example.com)",
    "> <iframe src=javascript:alert(1)>",
    "- <a href='javascript:alert(1)'>list</a>",
    "Footnote[^1]\n\n[^1]: <script>alert(1)</script>",
    "[x](<javascript:alert(1)>)",
    "[x](javascript:alert%281%29)",
    '![x](https://example.com/a.png "x\\" onerror=\\"alert(1)")',
    "[x](data:text/html,<script>alert(1)</script>)",
]

ALL = (
    SCRIPT_AND_PARSER_TRICKS
    + CONTEXT_BREAKOUTS
    + URL_TRICKS
    + EVENT_HANDLERS
    + CSS_AND_ACTIVE_CONTENT
    + SVG_MATH_AND_MUTATION
    + MARKDOWN_TRICKS
)
