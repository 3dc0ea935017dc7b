"""Demo content for the Through the Gate shop: workshops, makers, products, member stories and pages.

Everything here is fictional. The workshops, prisons, people, names, prisoner numbers and stories are invented for the
demo; any resemblance to a real person or place is a coincidence. Device names in the recycled IT line are real models,
because that is how refurbished computers are sold.

Plain data only (no Django), read by ``storefront.demo_loader``. Keys are slug-safe because the loader uses them as
slugs, UPCs and file names. Public text is inserted into ``<p>`` elements as it is, so it avoids ``&``, ``<`` and ``>``.

Public and private values are kept apart on purpose. A maker's ``legal_name``, ``prisoner_number`` and
``establishment``, and a workshop's ``establishment``, are private: they are distinctive strings that appear nowhere in
public text (names, bios, descriptions, product copy, stories, pages), so tests can search rendered pages for them.
Stories and bios are about the craft and the person's future, never an offence, a victim, a court or a prison's name.

Dates are ISO strings. Status periods are half-open, [start, end), with ``None`` for "until further notice".
Prices are integer pence including VAT.
"""

WORKSHOPS = [
    {
        "key": "kettle-yard",
        "name": "Kettle Yard Brewery",
        "kind": "prison",
        "region": "Yorkshire",
        "description": (
            "A ten-barrel brewhouse in a converted workshop, where members learn the whole trade: milling, mashing, "
            "cellaring and the endless cleaning that good beer depends on. New recipes start life on a small pilot "
            "kit at our unit in town, where members on day release and after release brew side by side."
        ),
        "establishment": "HMP Farrowmoor",
        "partner_code": "kettle-yard",
    },
    {
        "key": "long-room",
        "name": "Long Room Textiles",
        "kind": "prison",
        "region": "the East Midlands",
        "description": (
            "A long, bright room with twelve industrial sewing machines, two floor looms and a cutting table big "
            "enough for a whole bolt of canvas. Members learn to weave, pattern-cut and finish to a standard they "
            "are proud to sell, and the most experienced teach each new intake. Pressing, packing and dispatch "
            "happen at the co-op's sewing room in town."
        ),
        "establishment": "HMP Brackenholt",
        "partner_code": "long-room",
    },
    {
        "key": "second-shift",
        "name": "Second Shift IT",
        "kind": "prison",
        "region": "the West Midlands",
        "description": (
            "Laptops, desktops and phones retired by local businesses and councils come here to be wiped, tested, "
            "repaired and graded instead of shredded. The wiping and testing happen in a secure workshop; members on "
            "day release and after release finish, photograph and pack every machine at our repair bench in town."
        ),
        "establishment": "HMP Quillstead",
        "partner_code": "second-shift",
    },
    {
        "key": "longside-print",
        "name": "Longside Print Studio",
        "kind": "prison",
        "region": "North West England",
        "description": (
            "A print studio with an etching press, a relief press and a wall of drying racks that is never quite "
            "empty. Members work in linocut, screenprint, risograph and drypoint, and every edition is pulled, "
            "signed and numbered by hand."
        ),
        "establishment": "HMP Ravensgill",
        "partner_code": "longside-print",
    },
    {
        "key": "wharf-street",
        "name": "Wharf Street Studio",
        "kind": "community",
        "region": "Greater Manchester",
        "description": (
            "A shared painting studio above an old chandler's shop on the canal, open to community artists and to "
            "members after release. In the afternoons the light comes up off the water, and the kettle is always "
            "on. Members run a Saturday drop-in for anyone who fancies picking up a brush."
        ),
        "establishment": "",
        "partner_code": "wharf-street",
    },
]

MAKERS = [
    {
        "key": "maggie",
        "display_name": "Maggie",
        "workshop": "wharf-street",
        "bio": (
            "Maggie has painted still lifes in the same north-facing corner of the studio for twenty years. She "
            "mentors members who join after release and insists that anybody can learn to draw a pear."
        ),
        "legal_name": "Margaret Lindqvist",
        "prisoner_number": "",
        "establishment": "",
        "statuses": [["community", "2021-05-01", None]],
        "member_number": "TTG-0001",
        "member_class": "maker",
        "joined": "2021-05-01",
        "consents": ["listing", "photo", "story"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "danny",
        "display_name": "Danny",
        "workshop": "wharf-street",
        "bio": (
            "Danny paints the hills and canals he walks at weekends, in thick, fast acrylic. He helps run the "
            "studio's Saturday drop-in and is putting together the work for his first solo show."
        ),
        "legal_name": "Daniel Mulrooney",
        "prisoner_number": "A6251DM",
        "establishment": "HMP Ravensgill",
        "statuses": [["serving_inside", "2022-06-06", "2024-03-25"], ["released", "2024-03-25", None]],
        "member_number": "TTG-0002",
        "member_class": "maker",
        "joined": "2022-06-13",
        "consents": ["listing", "photo"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "nell",
        "display_name": "Nell",
        "workshop": "long-room",
        "bio": (
            "Nell is a weaver and the Long Room's visiting instructor. She draws most of our printed designs and "
            "swears her best ideas arrive while she is threading a loom."
        ),
        "legal_name": "Eleanor Gillanders",
        "prisoner_number": "",
        "establishment": "",
        "statuses": [["community", "2022-09-01", None]],
        "member_number": "TTG-0003",
        "member_class": "maker",
        "joined": "2022-09-01",
        "consents": ["listing", "photo"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "kit",
        "display_name": "Kit",
        "workshop": "kettle-yard",
        "bio": (
            "Kit brewed his first batch with the co-op one cold October and has not stopped since. He now leads "
            "the pilot kit in town, trains new brewers and is saving for a cellar-management course."
        ),
        "legal_name": "Christopher Haverstock",
        "prisoner_number": "A2254KH",
        "establishment": "HMP Farrowmoor",
        "statuses": [
            ["serving_inside", "2022-10-03", "2024-08-19"],
            ["rotl", "2024-08-19", "2025-04-28"],
            ["released", "2025-04-28", None],
        ],
        "member_number": "TTG-0004",
        "member_class": "maker",
        "joined": "2022-10-17",
        "consents": ["listing", "photo", "story"],
        "opt_out_reparation": False,
        "housed_by_coop": True,
    },
    {
        "key": "priya",
        "display_name": "Priya",
        "workshop": "wharf-street",
        "bio": (
            "Priya works in watercolour and collage, drawn to tide lines, old maps and the edges of things. She "
            "curates the studio's exhibitions and sits on the co-op's panel that reviews new art listings."
        ),
        "legal_name": "Priya Raghunathan",
        "prisoner_number": "",
        "establishment": "",
        "statuses": [["community", "2023-01-09", None]],
        "member_number": "TTG-0005",
        "member_class": "maker",
        "joined": "2023-01-09",
        "consents": ["listing"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "rosa",
        "display_name": "Rosa",
        "workshop": "long-room",
        "bio": (
            "Rosa learned to sew in the Long Room and now sews our chore jackets and finishes, presses and packs "
            "the workshop's pieces in town. She runs a Thursday mending circle and is drafting patterns for a "
            "small range of children's clothes."
        ),
        "legal_name": "Rosalind Fairbairn",
        "prisoner_number": "A5519RF",
        "establishment": "HMP Brackenholt",
        "statuses": [["serving_inside", "2023-02-06", "2025-07-21"], ["released", "2025-07-21", None]],
        "member_number": "TTG-0006",
        "member_class": "maker",
        "joined": "2023-02-13",
        "consents": ["listing", "photo", "story"],
        "opt_out_reparation": True,
        "housed_by_coop": False,
    },
    {
        "key": "reuben",
        "display_name": "Reuben",
        "workshop": "second-shift",
        "bio": (
            "Reuben grades and photographs every machine before it reaches the shop, and writes most of the "
            "listings. He is studying web development part-time and looks after the co-op's own office computers."
        ),
        "legal_name": "Reuben Okereke",
        "prisoner_number": "A4473RO",
        "establishment": "HMP Quillstead",
        "statuses": [
            ["serving_inside", "2023-03-20", "2024-09-09"],
            ["rotl", "2024-09-09", "2025-01-13"],
            ["released", "2025-01-13", None],
        ],
        "member_number": "TTG-0007",
        "member_class": "maker",
        "joined": "2023-03-27",
        "consents": ["listing", "photo"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "sol",
        "display_name": "Sol",
        "workshop": "longside-print",
        "bio": (
            "Sol carves lino and has pulled more editions on the relief press than anyone else in the studio. He "
            "draws from memory, mostly birds and buildings, and wants to teach printmaking."
        ),
        "legal_name": "Solomon Ashbrook",
        "prisoner_number": "A8830SM",
        "establishment": "HMP Ravensgill",
        "statuses": [["serving_inside", "2023-08-14", None]],
        "member_number": "TTG-0008",
        "member_class": "maker",
        "joined": "2023-08-21",
        "consents": ["listing", "story"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "mo",
        "display_name": "Mo",
        "workshop": "kettle-yard",
        "bio": (
            "Mo designs most of our hop-forward beers on the pilot kit in town and is known for tasting everything "
            "twice. He is learning the cellar side of the trade and would like to run a tap room one day."
        ),
        "legal_name": "Mohsin Ottoway",
        "prisoner_number": "A7390MX",
        "establishment": "HMP Farrowmoor",
        "statuses": [["serving_inside", "2023-11-06", "2025-06-16"], ["rotl", "2025-06-16", None]],
        "member_number": "TTG-0009",
        "member_class": "maker",
        "joined": "2023-11-20",
        "consents": ["listing"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "tomasz",
        "display_name": "Tomasz",
        "workshop": "second-shift",
        "bio": (
            "Tomasz can take a laptop apart and put it back together faster than most people can find the "
            "screwdriver. He works at the repair bench in town, trains newcomers on the data-erasure tools and is "
            "studying for his CompTIA A+ certificate."
        ),
        "legal_name": "Tomasz Wierzbicki",
        "prisoner_number": "A9046TW",
        "establishment": "HMP Quillstead",
        "statuses": [["serving_inside", "2024-01-15", "2025-03-03"], ["rotl", "2025-03-03", None]],
        "member_number": "TTG-0010",
        "member_class": "maker",
        "joined": "2024-01-22",
        "consents": ["listing", "photo", "story"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "wren",
        "display_name": "Wren",
        "workshop": "longside-print",
        "bio": (
            "Wren screenprints in bold, flat colour and mixes every ink by hand. On day release they help run the "
            "co-op's print stall at weekend markets, and they hope to open a small print shop of their own."
        ),
        "legal_name": "Lauren Pickersgill",
        "prisoner_number": "A4409LP",
        "establishment": "HMP Ravensgill",
        "statuses": [["serving_inside", "2024-02-01", "2025-09-15"], ["rotl", "2025-09-15", None]],
        "member_number": "TTG-0011",
        "member_class": "maker",
        "joined": "2024-02-08",
        "consents": ["listing", "photo"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "dev",
        "display_name": "Dev",
        "workshop": "kettle-yard",
        "bio": (
            "Dev started on the bottling line and now runs the mash tun on brew days. He keeps a notebook of every "
            "batch, is working towards a brewing qualification and has his eye on a small brewery of his own."
        ),
        "legal_name": "Devendra Quarrington",
        "prisoner_number": "A4821DK",
        "establishment": "HMP Farrowmoor",
        "statuses": [["serving_inside", "2024-03-04", None]],
        "member_number": "TTG-0012",
        "member_class": "maker",
        "joined": "2024-03-11",
        "consents": ["listing", "photo"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "jas",
        "display_name": "Jas",
        "workshop": "long-room",
        "bio": (
            "Jas weaves on the Long Room's floor looms and has a real gift for herringbone. She is building a "
            "portfolio of her own cloth designs and hopes to study textile design."
        ),
        "legal_name": "Jasmine Tregoweth",
        "prisoner_number": "A6617JT",
        "establishment": "HMP Brackenholt",
        "statuses": [["serving_inside", "2024-05-13", None]],
        "member_number": "TTG-0013",
        "member_class": "maker",
        "joined": "2024-05-20",
        "consents": ["listing", "photo"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "leon",
        "display_name": "Leon",
        "workshop": "second-shift",
        "bio": (
            "Leon looks after our desktops and monitors and has a soft spot for small, quiet computers. He is "
            "saving for a van so he can start a repair-and-collection round."
        ),
        "legal_name": "Leon Abernethy",
        "prisoner_number": "A5172LA",
        "establishment": "HMP Quillstead",
        "statuses": [["serving_inside", "2024-06-10", "2026-02-02"], ["rotl", "2026-02-02", None]],
        "member_number": "TTG-0014",
        "member_class": "maker",
        "joined": "2024-06-17",
        "consents": ["listing"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "bea",
        "display_name": "Bea",
        "workshop": "long-room",
        "bio": (
            "Bea cuts and sews our aprons and totes and can set a pocket straight by eye. She is working towards a "
            "tailoring qualification and would like to run an alterations shop."
        ),
        "legal_name": "Beatrix Pennycook",
        "prisoner_number": "A3308BP",
        "establishment": "HMP Brackenholt",
        "statuses": [["serving_inside", "2025-01-20", None]],
        "member_number": "TTG-0015",
        "member_class": "maker",
        "joined": "2025-01-27",
        "consents": ["listing"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
    {
        "key": "ash",
        "display_name": "Ash",
        "workshop": "second-shift",
        "bio": (
            "Ash does the testing: batteries, keyboards, screens and ports, every result logged. He enjoys the "
            "detective work of a fault that comes and goes, and wants to move into networking."
        ),
        "legal_name": "Ashley Dunkerley",
        "prisoner_number": "A1185AD",
        "establishment": "HMP Quillstead",
        "statuses": [["serving_inside", "2025-04-07", None]],
        "member_number": "TTG-0016",
        "member_class": "maker",
        "joined": "2025-04-14",
        "consents": ["listing", "photo"],
        "opt_out_reparation": False,
        "housed_by_coop": False,
    },
]

_ART = [
    {
        "key": "art-moorland-after-rain",
        "title": "Moorland After Rain",
        "description": (
            "Painted in one sitting on a wet April afternoon, with the cloud still lifting off the tops. Danny "
            "builds the hills up in thick, dragged acrylic, so the heather catches the light as you walk past. "
            "Framed in plain oak and ready to hang."
        ),
        "price_pence": 26000,
        "makers": [["danny", 1]],
        "workshop": "wharf-street",
        "edition": "one_off",
        "edition_size": None,
        "medium": "Acrylic on board",
        "width_cm": 40,
        "height_cm": 30,
        "stock": 1,
        "picture": {"kind": "landscape", "palette": ["#9fb3c8", "#7d8c5a", "#5b4a63", "#e3c27a"], "frame": "oak"},
    },
    {
        "key": "art-gasholder-at-dusk",
        "title": "Gasholder at Dusk",
        "description": (
            "The iron frame of an old gasholder against a sky the colour of marmalade, cut as a three-colour "
            "reduction linocut. The block is carved away between colours, so the edition can never be reprinted: "
            "when these thirty are gone, they are gone. Signed and numbered in pencil, sold unframed with a "
            "backing board."
        ),
        "price_pence": 9500,
        "makers": [["sol", 1]],
        "workshop": "longside-print",
        "edition": "numbered",
        "edition_size": 30,
        "medium": "Three-colour reduction linocut on Somerset paper",
        "width_cm": 30,
        "height_cm": 40,
        "stock": 14,
        "picture": {"kind": "city", "palette": ["#f0a04b", "#3b3f58", "#1f2233", "#f6e7c8"], "frame": "mount"},
    },
    {
        "key": "art-three-pears",
        "title": "Three Pears on a Blue Cloth",
        "description": (
            "A small, quiet oil of three Conference pears on a folded blue cloth, painted over a fortnight in the "
            "studio's north light. Maggie keeps the background loose so the pears seem to sit forward towards you. "
            "In a hand-finished white frame."
        ),
        "price_pence": 42000,
        "makers": [["maggie", 1]],
        "workshop": "wharf-street",
        "edition": "one_off",
        "edition_size": None,
        "medium": "Oil on linen",
        "width_cm": 35,
        "height_cm": 25,
        "stock": 0,
        "picture": {"kind": "still_life", "palette": ["#2f4d7a", "#b9b24e", "#d9cdb4", "#8a6a48"], "frame": "white"},
    },
    {
        "key": "art-allotment-gate",
        "title": "Allotment Gate",
        "description": (
            "A green gate, a row of runner beans and a watering can left exactly where someone will trip over it. "
            "Wren drew the stencils and Sol worked out the registration, and the two of them pulled all fifty "
            "prints over one long week. Flat, cheerful colour for a kitchen wall."
        ),
        "price_pence": 6500,
        "makers": [["wren", 1], ["sol", 1]],
        "workshop": "longside-print",
        "edition": "numbered",
        "edition_size": 50,
        "medium": "Four-colour screenprint on 300gsm card",
        "width_cm": 40,
        "height_cm": 50,
        "stock": 31,
        "picture": {"kind": "garden", "palette": ["#bfe0e8", "#2e8b57", "#c65a3a", "#f2d16b"], "frame": "black"},
    },
    {
        "key": "art-tidal-lines",
        "title": "Tidal Lines",
        "description": (
            "Layers of watercolour wash and torn Ordnance Survey map, built up over a month of visits to the same "
            "stretch of estuary. Priya scratches the tide lines back into the paper with a blade, so they catch the "
            "light like wet sand. Mounted and framed in black."
        ),
        "price_pence": 34000,
        "makers": [["priya", 1]],
        "workshop": "wharf-street",
        "edition": "one_off",
        "edition_size": None,
        "medium": "Watercolour and collage on cotton paper",
        "width_cm": 50,
        "height_cm": 35,
        "stock": 1,
        "picture": {"kind": "seascape", "palette": ["#cfd9d6", "#5f8fa3", "#c9b48a", "#f4efe2"], "frame": "black"},
    },
    {
        "key": "art-starlings-over-the-pier",
        "title": "Starlings Over the Pier",
        "description": (
            "A winter murmuration turning over the old pier, cut from a single block and printed in soft black ink "
            "on thin, strong Japanese paper. Sol cut every bird separately, and there are more than four hundred "
            "of them. Signed and numbered by hand."
        ),
        "price_pence": 7500,
        "makers": [["sol", 1]],
        "workshop": "longside-print",
        "edition": "numbered",
        "edition_size": 40,
        "medium": "Linocut in black ink on Japanese paper",
        "width_cm": 42,
        "height_cm": 30,
        "stock": 22,
        "picture": {"kind": "murmuration", "palette": ["#ece6d6", "#1c1c1c", "#9a9a96"], "frame": "mount"},
    },
    {
        "key": "art-kitchen-window-tuesday",
        "title": "Kitchen Window, Tuesday",
        "description": (
            "A jam jar of sweet peas, a radio and the neighbour's washing line, all seen through one steamed-up "
            "window. Danny painted it in gouache at his own kitchen table, which is where most of his small pieces "
            "begin. Framed in oak with a cream mount."
        ),
        "price_pence": 18000,
        "makers": [["danny", 1]],
        "workshop": "wharf-street",
        "edition": "one_off",
        "edition_size": None,
        "medium": "Gouache on paper",
        "width_cm": 30,
        "height_cm": 30,
        "stock": 1,
        "picture": {
            "kind": "still_life", "variant": "window",
            "palette": ["#a9c7d8", "#d66a8c", "#efe3c6", "#6b8e5a"], "frame": "oak",
        },
    },
    {
        "key": "art-red-kite-over-the-ridge",
        "title": "Red Kite Over the Ridge",
        "description": (
            "A red kite hanging on the wind above a ridge of pines, printed in fluorescent orange and deep teal on "
            "a risograph press. The slight drift between the two colours is part of the charm. An affordable "
            "edition of sixty, each one signed by Wren."
        ),
        "price_pence": 3500,
        "makers": [["wren", 1]],
        "workshop": "longside-print",
        "edition": "numbered",
        "edition_size": 60,
        "medium": "Two-colour risograph print",
        "width_cm": 30,
        "height_cm": 42,
        "stock": 45,
        "picture": {"kind": "bird", "palette": ["#f7f1e3", "#ff6f3c", "#1f6f78"], "frame": "mount"},
    },
    {
        "key": "art-canal-bridge-no-4",
        "title": "Canal Bridge No. 4",
        "description": (
            "Painted by two members at once, side by side on the towpath, swapping brushes whenever one of them got "
            "stuck. Maggie laid in the brickwork and the water; Danny added the narrowboat and the winter trees. A "
            "big, generous canvas with painted edges, so it needs no frame."
        ),
        "price_pence": 48000,
        "makers": [["maggie", 1], ["danny", 1]],
        "workshop": "wharf-street",
        "edition": "one_off",
        "edition_size": None,
        "medium": "Oil on canvas",
        "width_cm": 60,
        "height_cm": 45,
        "stock": 1,
        "picture": {"kind": "bridge", "palette": ["#c9d3dc", "#9c4a32", "#3f5a57", "#2d6a4f"], "frame": "canvas"},
    },
    {
        "key": "art-blocks-and-borders",
        "title": "Blocks and Borders",
        "description": (
            "Squares of hand-painted paper, pinned and re-pinned until the colours stopped arguing, then glued down "
            "on a birch panel. Priya thinks of it as a map of a place that does not exist. Ready to hang, no frame "
            "needed."
        ),
        "price_pence": 29000,
        "makers": [["priya", 1]],
        "workshop": "wharf-street",
        "edition": "one_off",
        "edition_size": None,
        "medium": "Acrylic and collage on birch panel",
        "width_cm": 40,
        "height_cm": 40,
        "stock": 1,
        "picture": {
            "kind": "abstract", "style": "blocks",
            "palette": ["#efe7d6", "#d9482b", "#2b5d8a", "#f2b134", "#3d8a5a"], "frame": "canvas",
        },
    },
    {
        "key": "art-seed-heads",
        "title": "Seed Heads",
        "description": (
            "Teasel, cow parsley and honesty, drawn from a jar on the studio windowsill and cut in lino. Every print "
            "in the edition of twenty-five is coloured by hand afterwards, so no two are quite alike. Wren did the "
            "cutting and colouring, with Sol on the press."
        ),
        "price_pence": 8500,
        "makers": [["wren", 2], ["sol", 1]],
        "workshop": "longside-print",
        "edition": "numbered",
        "edition_size": 25,
        "medium": "Linocut, hand-coloured with watercolour",
        "width_cm": 25,
        "height_cm": 35,
        "stock": 9,
        "picture": {"kind": "botanical", "palette": ["#f4eedf", "#2b2a26", "#c7a86b", "#8fae7a"], "frame": "mount"},
    },
    {
        "key": "art-harbour-at-low-water",
        "title": "Harbour at Low Water",
        "description": (
            "Boats lying on their sides in the mud, waiting for the tide, scratched straight into a copper plate "
            "with a steel point. A thin film of ink left on the plate gives the sky its soft grey haze. Printed on "
            "the studio's etching press, signed and numbered."
        ),
        "price_pence": 11000,
        "makers": [["sol", 1]],
        "workshop": "longside-print",
        "edition": "numbered",
        "edition_size": 20,
        "medium": "Drypoint etching with plate tone",
        "width_cm": 30,
        "height_cm": 22,
        "stock": 6,
        "picture": {
            "kind": "seascape", "variant": "harbour",
            "palette": ["#d8d2c4", "#7b7468", "#4a443b", "#efe9dc"], "frame": "mount",
        },
    },
    {
        "key": "art-orange-circles-grey-morning",
        "title": "Orange Circles, Grey Morning",
        "description": (
            "A break from pears. Maggie painted this as a warm-up on a dull morning and liked it too much to paint "
            "over it: three orange discs drifting across a soft, layered grey. Framed in black."
        ),
        "price_pence": 22000,
        "makers": [["maggie", 1]],
        "workshop": "wharf-street",
        "edition": "one_off",
        "edition_size": None,
        "medium": "Oil on board",
        "width_cm": 30,
        "height_cm": 30,
        "stock": 1,
        "picture": {
            "kind": "abstract", "style": "circles",
            "palette": ["#a7a9a6", "#e8742c", "#f0a050", "#c85a1e"], "frame": "black",
        },
    },
]

_BEER = [
    {
        "key": "beer-first-light",
        "title": "First Light",
        "description": (
            "A clean, bright golden ale brewed with Maris Otter malt and a late handful of English Goldings. Honey "
            "on the nose, a gentle bitterness and a dry finish that makes you want the next sip. Bottle-conditioned, "
            "so pour slowly and leave the last centimetre in the bottle."
        ),
        "price_pence": 350,
        "makers": [["dev", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 41,
        "volume_ml": 500,
        "style": "Golden ale",
        "allergens": "Barley (gluten)",
        "best_before": "2027-03-31",
        "stock": 96,
        "picture": {"kind": "bottle", "palette": ["#6b3f16", "#f3c64a", "#3a2a14"], "motif": "sun", "beer": "#e7a531"},
    },
    {
        "key": "beer-long-shift",
        "title": "Long Shift",
        "description": (
            "Our take on a proper Yorkshire best bitter: copper-coloured, biscuity, with Fuggles hops for an earthy, "
            "hedgerow bitterness. Dev and Mo argued over the crystal malt for three batches before they settled "
            "it. Best at cellar temperature rather than fridge-cold."
        ),
        "price_pence": 360,
        "makers": [["dev", 2], ["mo", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 44,
        "volume_ml": 500,
        "style": "Best bitter",
        "allergens": "Barley (gluten)",
        "best_before": "2027-03-31",
        "stock": 84,
        "picture": {"kind": "bottle", "palette": ["#5a3412", "#b5552b", "#fbeed3"], "motif": "hop", "beer": "#a8521c"},
    },
    {
        "key": "beer-gatehouse-stout",
        "title": "Gatehouse Stout",
        "description": (
            "Roasted barley, flaked oats and a long, cool ferment give this stout its coffee-and-cocoa depth and a "
            "silky body. Kit first brewed it on the pilot kit as a one-off, and it never left. Lovely with a cheese "
            "board, or on its own by the fire."
        ),
        "price_pence": 380,
        "makers": [["kit", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 50,
        "volume_ml": 500,
        "style": "Oatmeal stout",
        "allergens": "Barley and oats (gluten)",
        "best_before": "2027-03-31",
        "stock": 60,
        "picture": {"kind": "bottle", "palette": ["#2a1a0e", "#1e1e22", "#e9d8b4"], "motif": "moon", "beer": "#1b120c"},
    },
    {
        "key": "beer-second-wind",
        "title": "Second Wind",
        "description": (
            "A hazy, juicy IPA, dry-hopped heavily with Citra and Mosaic for big mango and grapefruit. Mo developed "
            "the recipe on the pilot kit in town, nudging the dry hop a little with every brew. Canned cold and best "
            "drunk fresh."
        ),
        "price_pence": 340,
        "makers": [["mo", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 58,
        "volume_ml": 330,
        "style": "Hazy IPA",
        "allergens": "Barley and wheat (gluten)",
        "best_before": "2027-03-31",
        "stock": 120,
        "picture": {"kind": "can", "palette": ["#1f8a8a", "#f7e9a0", "#13383a"], "motif": "waves", "beer": "#f0b73c"},
    },
    {
        "key": "beer-slow-coach",
        "title": "Slow Coach",
        "description": (
            "A dark, easy-drinking mild with notes of toffee, brown bread and a whisper of liquorice. At 3.4 per "
            "cent it is a beer for a long evening of conversation. Brewed with a traditional English yeast that "
            "leaves it soft and round."
        ),
        "price_pence": 320,
        "makers": [["dev", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 34,
        "volume_ml": 500,
        "style": "Dark mild",
        "allergens": "Barley (gluten)",
        "best_before": "2027-03-31",
        "stock": 48,
        "picture": {"kind": "bottle", "palette": ["#4a2c12", "#7b3f5e", "#f5e6d0"], "motif": "bird", "beer": "#4b2410"},
    },
    {
        "key": "beer-hedgerow-saison",
        "title": "Hedgerow Saison",
        "description": (
            "A dry, peppery farmhouse ale, brewed in late summer with elderflower picked from the lane behind our "
            "unit in town. A Belgian saison yeast brings spice and a fine, lively sparkle. Good with salads, "
            "shellfish and long light evenings."
        ),
        "price_pence": 420,
        "makers": [["kit", 1], ["mo", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 52,
        "volume_ml": 500,
        "style": "Saison",
        "allergens": "Barley and wheat (gluten)",
        "best_before": "2027-03-31",
        "stock": 36,
        "picture": {"kind": "bottle", "palette": ["#3d5a2a", "#e8efd6", "#355e3b"], "motif": "leaf", "beer": "#f1c85a"},
    },
    {
        "key": "beer-night-porter",
        "title": "Night Porter",
        "description": (
            "Chocolate malt and a touch of dark sugar make a smooth porter with a hint of cherry in the finish. Kit "
            "wrote the recipe on the pilot kit and Dev scaled it up for the big brewhouse. Pour it into a wide "
            "glass and let it warm a little."
        ),
        "price_pence": 370,
        "makers": [["kit", 1], ["dev", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 48,
        "volume_ml": 500,
        "style": "Porter",
        "allergens": "Barley (gluten)",
        "best_before": "2027-03-31",
        "stock": 54,
        "picture": {
            "kind": "bottle", "palette": ["#2a1a0e", "#23355e", "#f2d37a"], "motif": "stars", "beer": "#2a150b",
        },
    },
    {
        "key": "beer-harvest-wheat",
        "title": "Harvest Wheat",
        "description": (
            "A cloudy Bavarian-style wheat beer with banana and clove from a traditional weizen yeast. Half the "
            "grain is malted wheat, which gives it that soft, pillowy head. Roll the bottle gently before the last "
            "pour to lift the yeast."
        ),
        "price_pence": 360,
        "makers": [["mo", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 46,
        "volume_ml": 500,
        "style": "Wheat beer",
        "allergens": "Wheat and barley (gluten)",
        "best_before": "2027-03-31",
        "stock": 60,
        "picture": {
            "kind": "bottle", "palette": ["#6b3f16", "#f6e3b4", "#8a4b1f"], "motif": "wheat", "beer": "#f2c46a",
        },
    },
    {
        "key": "beer-cold-frame-lager",
        "title": "Cold Frame Lager",
        "description": (
            "Lagered for six weeks in the cold room until it is crisp, clear and snappy, with floral Saaz hops and a "
            "clean, bready malt. Our most patient beer and, the brewers say, the hardest to get right. Serve it "
            "properly cold."
        ),
        "price_pence": 300,
        "makers": [["dev", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 42,
        "volume_ml": 330,
        "style": "Pilsner-style lager",
        "allergens": "Barley (gluten)",
        "best_before": "2027-03-31",
        "stock": 144,
        "picture": {"kind": "can", "palette": ["#e9eef2", "#2f6db5", "#d4a017"], "motif": "stripes", "beer": "#f4d35e"},
    },
    {
        "key": "beer-sweet-dark",
        "title": "Sweet Dark",
        "description": (
            "Lactose stays behind after fermentation and rounds this milk stout into something close to a chocolate "
            "milkshake for grown-ups: vanilla, roasted coffee and a smooth, creamy finish. Not suitable for vegans "
            "or anyone avoiding milk."
        ),
        "price_pence": 390,
        "makers": [["kit", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 45,
        "volume_ml": 500,
        "style": "Milk stout",
        "allergens": "Barley and oats (gluten), milk (lactose)",
        "best_before": "2027-02-28",
        "stock": 42,
        "picture": {"kind": "bottle", "palette": ["#2a1a0e", "#f1e4d3", "#5c3a21"], "motif": "moon", "beer": "#22140c"},
    },
    {
        "key": "beer-small-hours",
        "title": "Small Hours",
        "description": (
            "A light, hoppy table beer with the flavour of a pale ale at less than three per cent. Oats give it "
            "more body than you would expect, and a late addition of Cascade brings grapefruit and pine. The one "
            "to open at lunchtime."
        ),
        "price_pence": 270,
        "makers": [["mo", 1], ["dev", 1]],
        "workshop": "kettle-yard",
        "abv_tenths": 28,
        "volume_ml": 330,
        "style": "Table beer",
        "allergens": "Barley and oats (gluten)",
        "best_before": "2027-03-31",
        "stock": 96,
        "picture": {"kind": "can", "palette": ["#2b2d5c", "#f4a6b8", "#f7f3e3"], "motif": "stars", "beer": "#edc25e"},
    },
]

_TEXTILES = [
    {
        "key": "tex-herringbone-wool-scarf",
        "title": "Herringbone Wool Scarf",
        "description": (
            "Woven by Jas on the Long Room's big floor loom, one scarf at a time, in a crisp herringbone twill. "
            "British wool from a West Yorkshire mill, finished with a twisted fringe. Generously long at 180 cm, so "
            "it wraps twice."
        ),
        "price_pence": 5500,
        "makers": [["jas", 1]],
        "workshop": "long-room",
        "materials": "100% British wool",
        "care": "Hand wash cool and dry flat. Do not tumble dry.",
        "variants": [
            {"size": "One size", "colour": "Ochre", "stock": 5},
            {"size": "One size", "colour": "Slate", "stock": 3},
            {"size": "One size", "colour": "Moss", "stock": 4},
        ],
        "picture": {"kind": "scarf", "palette": ["#c8902e", "#8a5f1d", "#f3e2b8"], "pattern": "herringbone"},
    },
    {
        "key": "tex-waxed-canvas-apron",
        "title": "Waxed Canvas Work Apron",
        "description": (
            "A hard-wearing apron for the workshop, the garden or the barbecue, with a split chest pocket for "
            "pencils and a deep front pocket for everything else. Cut and riveted by Bea, then waxed and finished "
            "by Rosa. Cross-back straps take the weight off your neck."
        ),
        "price_pence": 4800,
        "makers": [["bea", 2], ["rosa", 1]],
        "workshop": "long-room",
        "materials": "Waxed cotton canvas, cotton webbing straps, copper rivets",
        "care": "Wipe clean with a damp cloth and re-wax once a year. Do not machine wash.",
        "variants": [
            {"size": "Regular", "colour": "Tobacco", "stock": 6},
            {"size": "Long", "colour": "Tobacco", "stock": 4},
            {"size": "Regular", "colour": "Navy", "stock": 5},
            {"size": "Long", "colour": "Navy", "stock": 3},
        ],
        "picture": {"kind": "apron", "palette": ["#7a5230", "#c9a27a", "#b87333"], "pattern": "plain"},
    },
    {
        "key": "tex-hop-bine-tote",
        "title": "Hop Bine Tote Bag",
        "description": (
            "A roomy canvas tote with a climbing hop bine printed across the front, drawn by Nell and printed on the "
            "Long Room's screen bed by Bea. Long handles go over a coat shoulder, and the gusseted base takes a "
            "week's shopping. Stitched twice at every stress point."
        ),
        "price_pence": 1800,
        "makers": [["bea", 2], ["nell", 1]],
        "workshop": "long-room",
        "materials": "Heavy organic cotton canvas, printed with water-based ink",
        "care": "Machine wash at 30 degrees, inside out. Iron on the reverse.",
        "variants": [{"size": "One size", "colour": "Natural", "stock": 18}],
        "picture": {"kind": "tote", "palette": ["#efe6d2", "#3f6b3a", "#a7c957"], "pattern": "print", "motif": "hop"},
    },
    {
        "key": "tex-kitchen-garden-tea-towel",
        "title": "Kitchen Garden Tea Towel",
        "description": (
            "Runner beans, radishes and a slightly smug courgette, drawn by Nell and printed in two colours on "
            "half-linen cloth. Absorbent, lint-free and hemmed with a hanging loop. Jas mixed the greens to match an "
            "allotment in June."
        ),
        "price_pence": 1200,
        "makers": [["nell", 1], ["jas", 1]],
        "workshop": "long-room",
        "materials": "Half linen, half cotton",
        "care": "Machine wash at 40 degrees. Softens with every wash.",
        "variants": [{"size": "50 x 70 cm", "colour": "Natural", "stock": 30}],
        "picture": {
            "kind": "tea_towel", "palette": ["#f1ead8", "#4f7d3b", "#c2452d"], "pattern": "print", "motif": "garden",
        },
    },
    {
        "key": "tex-striped-tea-towel",
        "title": "Striped Cotton Tea Towel",
        "description": (
            "A classic striped tea towel woven on the loom in a dense, thirsty cotton. The woven selvedges mean "
            "there is nothing to fray. Buy two: one will always be hanging on the oven door."
        ),
        "price_pence": 1100,
        "makers": [["jas", 1]],
        "workshop": "long-room",
        "materials": "Woven cotton",
        "care": "Machine wash at 60 degrees.",
        "variants": [
            {"size": "50 x 70 cm", "colour": "Red stripe", "stock": 24},
            {"size": "50 x 70 cm", "colour": "Blue stripe", "stock": 20},
        ],
        "picture": {"kind": "tea_towel", "palette": ["#f7f4ec", "#b8322a", "#1d3557"], "pattern": "stripes"},
    },
    {
        "key": "tex-patchwork-cushion-cover",
        "title": "Patchwork Cushion Cover",
        "description": (
            "Nothing goes to waste in the Long Room: this cover is pieced from the offcuts of our scarves, aprons "
            "and tea towels, so every one is different. Rosa arranges the squares by colour and quilts along the "
            "seams. Cover only; it fits a standard 45 cm pad."
        ),
        "price_pence": 3200,
        "makers": [["rosa", 1]],
        "workshop": "long-room",
        "materials": "Offcuts of linen, wool and cotton; cotton back with a zip",
        "care": "Wash at 30 degrees, inside out.",
        "variants": [
            {"size": "45 x 45 cm", "colour": "Warm mix", "stock": 6},
            {"size": "45 x 45 cm", "colour": "Cool mix", "stock": 5},
        ],
        "picture": {
            "kind": "cushion", "palette": ["#c8902e", "#b8322a", "#7a5230", "#e8c07d", "#5b6c3a"],
            "pattern": "patchwork",
        },
    },
    {
        "key": "tex-ribbed-merino-beanie",
        "title": "Ribbed Merino Beanie",
        "description": (
            "A close-fitting hat in a deep two-by-two rib, knitted from soft merino that does not itch. The turn-up "
            "cuff is doubled for warm ears, and Jas finishes each one with a small woven Long Room label."
        ),
        "price_pence": 2600,
        "makers": [["jas", 1]],
        "workshop": "long-room",
        "materials": "Extra-fine merino wool",
        "care": "Hand wash cool and dry flat.",
        "variants": [
            {"size": "One size", "colour": "Rust", "stock": 8},
            {"size": "One size", "colour": "Charcoal", "stock": 10},
            {"size": "One size", "colour": "Teal", "stock": 6},
        ],
        "picture": {"kind": "beanie", "palette": ["#b5532a", "#8c3d1c", "#f1e3cf"], "pattern": "rib"},
    },
    {
        "key": "tex-check-wool-throw",
        "title": "Check Wool Throw",
        "description": (
            "A big, warm lambswool throw in a soft windowpane check, woven in two widths on the floor loom and "
            "joined by hand. Nell took the colours from a Pennine hillside in October. Heavy enough to feel like a "
            "proper blanket, light enough to take to the park."
        ),
        "price_pence": 11500,
        "makers": [["jas", 2], ["nell", 1]],
        "workshop": "long-room",
        "materials": "100% lambswool",
        "care": "Dry clean, or hand wash cold and dry flat.",
        "variants": [
            {"size": "130 x 180 cm", "colour": "Heather check", "stock": 3},
            {"size": "130 x 180 cm", "colour": "Sea check", "stock": 2},
        ],
        "picture": {"kind": "throw", "palette": ["#8e6c8a", "#d8c3a5", "#4e3b52"], "pattern": "check"},
    },
    {
        "key": "tex-quilted-oven-glove",
        "title": "Quilted Oven Glove",
        "description": (
            "A chunky single oven mitt quilted in diamonds, with a thick layer of heat-resistant wadding and a "
            "hanging loop. Bea tested the prototypes on the workshop's tea urn, twice a day for a month."
        ),
        "price_pence": 1400,
        "makers": [["bea", 1]],
        "workshop": "long-room",
        "materials": "Cotton canvas outer, heat-resistant wadding, cotton lining",
        "care": "Machine wash at 40 degrees.",
        "variants": [
            {"size": "One size", "colour": "Mustard", "stock": 15},
            {"size": "One size", "colour": "Sage", "stock": 12},
        ],
        "picture": {"kind": "oven_glove", "palette": ["#d9a521", "#8a6a12", "#3d405b"], "pattern": "quilted"},
    },
    {
        "key": "tex-canvas-chore-jacket",
        "title": "Canvas Chore Jacket",
        "description": (
            "A boxy three-pocket work jacket in heavy cotton duck, with flat-felled seams that will outlast most of "
            "us. Bea cuts the pieces and Rosa sews and finishes every jacket. It softens and fades beautifully the "
            "more you wear it."
        ),
        "price_pence": 8900,
        "makers": [["rosa", 1], ["bea", 1]],
        "workshop": "long-room",
        "materials": "Organic cotton duck canvas, corozo nut buttons",
        "care": "Machine wash at 30 degrees and line dry.",
        "variants": [
            {"size": size, "colour": colour, "stock": stock}
            for colour, stocks in (("Indigo", (2, 4, 4, 2)), ("Olive", (1, 3, 3, 2)))
            for size, stock in zip(("S", "M", "L", "XL"), stocks)
        ],
        "picture": {"kind": "jacket", "palette": ["#2f3e66", "#1d2745", "#c9a66b"], "pattern": "plain"},
    },
    {
        "key": "tex-linen-napkins",
        "title": "Linen Napkins, Set of Four",
        "description": (
            "Four generous linen napkins, stone-washed for softness and finished with neat mitred corners. Rosa "
            "presses and folds each set herself before it goes out. Made for Sunday lunch, and for every other day "
            "of the week too."
        ),
        "price_pence": 2800,
        "makers": [["rosa", 1]],
        "workshop": "long-room",
        "materials": "Washed linen",
        "care": "Machine wash at 40 degrees. Iron while damp, or leave them crumpled.",
        "variants": [
            {"size": "Set of four, 40 x 40 cm", "colour": "Oat", "stock": 10},
            {"size": "Set of four, 40 x 40 cm", "colour": "Rose", "stock": 8},
        ],
        "picture": {"kind": "napkins", "palette": ["#d9c7a7", "#d59a95", "#8b7355"], "pattern": "plain"},
    },
]

_IT = [
    {
        "key": "it-thinkpad-t480",
        "title": "Lenovo ThinkPad T480",
        "description": (
            "A business laptop built like a tank, with one of the best keyboards ever put in a laptop. This one has "
            "a new battery, a fresh SSD and a clean installation of Windows 11. Ash tested every key and port, and "
            "Tomasz did the rebuild."
        ),
        "price_pence": 22900,
        "makers": [["tomasz", 2], ["ash", 1]],
        "workshop": "second-shift",
        "device": "Laptop",
        "specs": "14-inch Full HD screen, Intel Core i5-8350U, 16 GB RAM, 256 GB SSD, Windows 11 Pro, new battery",
        "grade": "A",
        "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0412",
        "stock": 4,
        "picture": {"kind": "laptop", "palette": ["#1f1f22", "#3a6ea5", "#9cc3e6"], "trackpoint": True},
    },
    {
        "key": "it-latitude-5490",
        "title": "Dell Latitude 5490",
        "description": (
            "A dependable everyday laptop for study, letters and video calls. There is light scuffing on the lid, "
            "which is why it is grade B, but the screen and keyboard are clean. The battery gave well over four "
            "hours of browsing in our tests."
        ),
        "price_pence": 16900,
        "makers": [["tomasz", 1]],
        "workshop": "second-shift",
        "device": "Laptop",
        "specs": "14-inch HD screen, Intel Core i5-8250U, 8 GB RAM, 256 GB SSD, Windows 11 Pro",
        "grade": "B",
        "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0398",
        "stock": 6,
        "picture": {"kind": "laptop", "palette": ["#3b3f46", "#2d7d6e", "#f2c14e"]},
    },
    {
        "key": "it-elitebook-840-g5",
        "title": "HP EliteBook 840 G5",
        "description": (
            "Slim aluminium, a bright screen and a quick processor for the price. Reuben graded this batch as A: "
            "you would struggle to tell them from new. A good choice for working from home or for a student on a "
            "budget."
        ),
        "price_pence": 26900,
        "makers": [["reuben", 1], ["ash", 1]],
        "workshop": "second-shift",
        "device": "Laptop",
        "specs": "14-inch Full HD screen, Intel Core i7-8650U, 16 GB RAM, 512 GB SSD, Windows 11 Pro, backlit keyboard",
        "grade": "A",
        "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0427",
        "stock": 2,
        "picture": {"kind": "laptop", "palette": ["#b8bcc2", "#6a4c93", "#f4a259"]},
    },
    {
        "key": "it-macbook-air-2017",
        "title": "Apple MacBook Air 13-inch (2017)",
        "description": (
            "Still one of the nicest laptops to carry about. Grade C means visible wear: this one has a small dent "
            "on a corner and a polished palm rest, but everything works and the battery was replaced in the "
            "workshop. It runs macOS Monterey, the last version Apple made for this model."
        ),
        "price_pence": 14900,
        "makers": [["leon", 1]],
        "workshop": "second-shift",
        "device": "Laptop",
        "specs": "13.3-inch screen, Intel Core i5, 8 GB RAM, 128 GB SSD, macOS Monterey, new battery",
        "grade": "C",
        "warranty_months": 6,
        "erasure_certificate": "ERA-2026-0366",
        "stock": 3,
        "picture": {"kind": "laptop", "palette": ["#c9ccd1", "#e07a5f", "#3d405b"]},
    },
    {
        "key": "it-optiplex-7060-micro",
        "title": "Dell OptiPlex 7060 Micro",
        "description": (
            "A desktop the size of a hardback book that sits silently behind a monitor or under the telly. Leon "
            "fitted Wi-Fi cards to this batch, so there is no need to run a cable. Comes with a new keyboard and "
            "mouse."
        ),
        "price_pence": 14900,
        "makers": [["leon", 1]],
        "workshop": "second-shift",
        "device": "Desktop",
        "specs": "Intel Core i5-8500T, 16 GB RAM, 256 GB SSD, Wi-Fi, Windows 11 Pro, keyboard and mouse included",
        "grade": "A",
        "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0405",
        "stock": 7,
        "picture": {"kind": "mini_pc", "palette": ["#26272b", "#4a90c2", "#d9dde3"]},
    },
    {
        "key": "it-elitedesk-800-g4",
        "title": "HP EliteDesk 800 G4 SFF",
        "description": (
            "A small-form-factor desktop with room inside for a graphics card or a second drive later on. Grade B "
            "for a few scratches on the case, which will live under your desk anyway. A solid family or office "
            "computer."
        ),
        "price_pence": 13900,
        "makers": [["leon", 1], ["tomasz", 1]],
        "workshop": "second-shift",
        "device": "Desktop",
        "specs": "Intel Core i5-8500, 16 GB RAM, 512 GB SSD, Windows 11 Pro, DisplayPort and VGA",
        "grade": "B",
        "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0381",
        "stock": 5,
        "picture": {"kind": "desktop", "palette": ["#2b2d31", "#c0c4ca", "#4a90c2"]},
    },
    {
        "key": "it-dell-p2419h-monitor",
        "title": "Dell P2419H 24-inch Monitor",
        "description": (
            "A sharp, anti-glare IPS screen on a stand that tilts, swivels, turns portrait and goes up and down. "
            "Ash checked every panel for dead pixels against plain colour tests. Comes with HDMI and power cables, "
            "so it is ready to plug in."
        ),
        "price_pence": 8900,
        "makers": [["ash", 1]],
        "workshop": "second-shift",
        "device": "Monitor",
        "specs": "24-inch Full HD IPS, HDMI, DisplayPort and VGA, height-adjustable stand, cables included",
        "grade": "A",
        "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0433",
        "stock": 9,
        "picture": {"kind": "monitor", "palette": ["#202124", "#ee9b00", "#005f73"]},
    },
    {
        "key": "it-ipad-8th-generation",
        "title": "Apple iPad (8th generation) 32 GB",
        "description": (
            "A friendly tablet for reading, recipes, video calls and homework. Light marks on the back; the screen "
            "is clear. Reset to factory settings, signed out of every account and checked by Reuben before listing."
        ),
        "price_pence": 15900,
        "makers": [["reuben", 1]],
        "workshop": "second-shift",
        "device": "Tablet",
        "specs": "10.2-inch Retina screen, 32 GB, Wi-Fi, iPadOS 17, charger and cable included",
        "grade": "B",
        "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0419",
        "stock": 4,
        "picture": {"kind": "tablet", "palette": ["#d5d8dc", "#84a59d", "#f6bd60"]},
    },
    {
        "key": "it-galaxy-a52",
        "title": "Samsung Galaxy A52 128 GB",
        "description": (
            "An unlocked phone with a big, bright screen, a decent camera and a battery that lasts a full day. "
            "Grade B: tiny marks on the frame, none on the screen. A new case and screen protector are in the box."
        ),
        "price_pence": 11900,
        "makers": [["ash", 1], ["reuben", 1]],
        "workshop": "second-shift",
        "device": "Phone",
        "specs": "6.5-inch screen, 128 GB storage, 6 GB RAM, unlocked to all networks, Android 14",
        "grade": "B",
        "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0440",
        "stock": 6,
        "picture": {"kind": "phone", "palette": ["#2e2e3a", "#7b2cbf", "#ff9e00"]},
    },
    {
        "key": "it-thinkcentre-m720q",
        "title": "Lenovo ThinkCentre M720q Tiny",
        "description": (
            "An honest, inexpensive little computer for email, the web and a bit of word processing. Grade C: the "
            "case is marked and one rubber foot is missing, but it runs perfectly. A great first computer, or one "
            "for a relative who just wants it to work."
        ),
        "price_pence": 8900,
        "makers": [["tomasz", 1]],
        "workshop": "second-shift",
        "device": "Desktop",
        "specs": "Intel Core i3-8100T, 8 GB RAM, 256 GB SSD, Windows 11 Pro",
        "grade": "C",
        "warranty_months": 6,
        "erasure_certificate": "ERA-2026-0372",
        "stock": 8,
        "picture": {"kind": "mini_pc", "palette": ["#111113", "#c1121f", "#fdf0d5"], "variant": "with_monitor"},
    },
    {
        "key": "it-student-bundle-thinkpad-l390",
        "title": "Student Starter Bundle: ThinkPad L390",
        "description": (
            "Everything a student needs for the start of term: a compact, tough ThinkPad, a padded sleeve and a "
            "wireless mouse. Grade C because the lid is well worn, but the keyboard, screen and battery are all in "
            "good shape. Reuben packs each bundle with a printed getting-started guide."
        ),
        "price_pence": 12900,
        "makers": [["tomasz", 1], ["leon", 1], ["reuben", 1]],
        "workshop": "second-shift",
        "device": "Laptop",
        "specs": "13.3-inch screen, Intel Core i3-8145U, 8 GB RAM, 256 GB SSD, Windows 11 Pro, sleeve and mouse",
        "grade": "C",
        "warranty_months": 6,
        "erasure_certificate": "ERA-2026-0391",
        "stock": 5,
        "picture": {"kind": "laptop", "palette": ["#18181b", "#2a9d8f", "#e9c46a"], "trackpoint": True,
                    "variant": "bundle"},
    },
]

PRODUCTS = (
    [dict(spec, line="art") for spec in _ART]
    + [dict(spec, line="beer") for spec in _BEER]
    + [dict(spec, line="textiles") for spec in _TEXTILES]
    + [dict(spec, line="it") for spec in _IT]
)

STORIES = [
    {
        "slug": "kit-the-stout-that-stayed",
        "title": "Kit and the stout that stayed",
        "maker": "kit",
        "intro": "How a spare bag of oats and an empty afternoon became the co-op's best-loved beer.",
        "body": [
            "Kit remembers the smell before anything else. 'The first brew day, the whole place smelled of hot "
            "porridge and Bonfire Night,' he says. 'I thought: I don't know what this is, but I want to know how it "
            "works.'",
            "He started the way everybody at Kettle Yard starts, by scrubbing. Fermenters, hoses, the floor, then "
            "the fermenters again. Brewing is mostly cleaning, and the team takes it seriously, because one lazy "
            "rinse can spoil two hundred litres. Within a few months he was weighing out grain, then running the "
            "mash, then writing up every batch in the brew log in handwriting that, he admits, only he can read.",
            "Gatehouse Stout came out of a quiet afternoon on the pilot kit. 'We had a sack of flaked oats and "
            "nobody had a plan for it,' he says. The first batch went to a members' meeting, and by the end of the "
            "evening there was not a bottle left. It has been on the list ever since, and Kit still brews every "
            "batch himself.",
            "These days he is on the pilot kit four days a week, developing recipes and training new brewers, "
            "scrubbing included. He is saving for a cellar-management course, with a longer-term plan that involves "
            "a tap room and a very good pie. 'Having a job to walk into changed everything,' he says. 'I wasn't "
            "starting from nothing. I was starting from Tuesday's brew.'",
            "Like every member, he has one vote at the general meeting, and he uses it. Last spring he argued, "
            "successfully, for the unit in town to switch to returnable bottles for local orders. 'It's our "
            "brewery,' he says, with a shrug. 'Why wouldn't I have an opinion?'",
        ],
        "products": ["beer-gatehouse-stout", "beer-night-porter", "beer-sweet-dark", "beer-hedgerow-saison"],
    },
    {
        "slug": "rosa-mending-and-making",
        "title": "Rosa: mending, making and a Thursday circle",
        "maker": "rosa",
        "intro": (
            "The last pair of hands on every Long Room parcel belongs to someone who once could not thread a needle."
        ),
        "body": [
            "Rosa's bench at the co-op's sewing room is tidy in a way that borders on art. Scissors hang in order "
            "of size. Threads are sorted by colour, then by weight. A jam jar holds the little offcuts too good to "
            "throw away, which, in Rosa's view, is nearly all of them.",
            "She learned to sew in the Long Room, on a heavy industrial machine that she says 'sounded like a "
            "motorbike and had about as much patience'. Nell, the workshop's visiting weaver, set her to hemming "
            "tea towels, dozens of them, until her lines ran straight without her thinking about it. Then came "
            "aprons. Then, one memorable week, a jacket that she unpicked and sewed again three times.",
            "Now every chore jacket the co-op sells has been sewn and finished by Rosa, and she presses and packs "
            "the rest of the Long Room's work too, which makes her the last person to handle a piece before it "
            "reaches a customer. She tucks a handwritten thank-you into every parcel. 'Somebody made that with a lot "
            "of care,' she says. 'Whoever opens it should know.'",
            "On Thursday evenings she runs a mending circle, open to anyone, where people bring torn jeans, jumpers "
            "with holes and, once, a christening gown that had been in one family for four generations. She teaches "
            "darning, patching and the kind of visible mending that turns a repair into a decoration.",
            "Next she wants to design a small range of children's clothes cut from the Long Room's offcuts: "
            "dungarees first, she thinks, because children are hard on knees. The patterns are already pinned above "
            "her bench. 'A few years ago I couldn't thread a needle,' she laughs. 'Now I have opinions about seam "
            "allowances.'",
        ],
        "products": [
            "tex-canvas-chore-jacket", "tex-patchwork-cushion-cover", "tex-linen-napkins", "tex-waxed-canvas-apron",
        ],
    },
    {
        "slug": "tomasz-and-the-muffin-tin",
        "title": "Tomasz and the muffin tin",
        "maker": "tomasz",
        "intro": "At the repair bench in town, every laptop gets a second life and every screw has its place.",
        "body": [
            "There is a muffin tin on Tomasz's bench, and it has never seen a muffin. Each of its twelve cups holds "
            "the screws from one part of a laptop, in the order they came out. 'Everybody loses a screw once,' he "
            "says. 'After that, you buy a muffin tin.'",
            "Tomasz came to Second Shift knowing how to fix cars and not much about computers. He liked that a "
            "laptop, like an engine, is a set of parts that either do their job or don't, and that patience will "
            "tell you which. Within a year he was the person everyone asked when a machine refused to start.",
            "On day release he works at the repair bench in town, where machines finish their journey: a last "
            "clean, a new battery if it needs one, a fresh installation of the operating system and a final round "
            "of tests. He also trains newer members on the data-erasure software, and he takes that part very "
            "seriously. Every drive is wiped to a recognised standard and every machine leaves with its own "
            "certificate. 'People trusted us with their old computers,' he says. 'That's the deal.'",
            "Most of the machines come from local firms and a council office replacing their kit. Without the "
            "workshop, many would have been shredded. Instead they go to students, job-seekers, families and small "
            "charities, often for a third of the price of a new one.",
            "In the evenings he is studying for his CompTIA A+ certificate, with a stack of practice papers and "
            "strong views about printer drivers. One day he would like to run the town bench and take on "
            "apprentices of his own. 'Someone took the time to teach me properly,' he says. 'I'd like to pass that "
            "on.'",
        ],
        "products": [
            "it-thinkpad-t480", "it-latitude-5490", "it-thinkcentre-m720q", "it-student-bundle-thinkpad-l390",
        ],
    },
    {
        "slug": "sol-four-hundred-starlings",
        "title": "Sol and four hundred starlings",
        "maker": "sol",
        "intro": "A printmaker who works from memory, one tiny gouge cut at a time.",
        "body": [
            "Sol draws from memory rather than from photographs: the gasholder he passed on the bus to school, a "
            "pier at the end of a family holiday, starlings going over a football ground on a November evening. "
            "'Memory leaves out the boring bits,' he says. 'That's half the work done for you.'",
            "He came to Longside Print Studio through a drawing class, and the first time he pulled a print from a "
            "lino block he was hooked. 'You work backwards for hours, and you can't really see what you're making. "
            "Then you lift the paper and there it is.' He has since cut more blocks than anyone else in the studio, "
            "and the instructors ask him to show newcomers how the press works.",
            "Starlings Over the Pier took him most of a spring. Each bird was cut separately with the smallest "
            "gouge in the studio, and he lost count somewhere past four hundred. The block is printed in soft black "
            "ink on thin Japanese paper, which picks up every mark, and Sol checks each print in the edition himself "
            "before it is signed.",
            "He works best alongside other people. The studio's big screenprints, like Allotment Gate, are "
            "collaborations, and Sol is usually the one at the press counting pulls out loud while Wren mixes the "
            "next colour. 'Printing on your own is fine,' he says. 'Printing with someone who's better at colour "
            "than you is better.'",
            "His ambition is to teach. He already runs informal sessions on cutting technique and keeps a folder of "
            "notes on everything from sharpening gouges to mixing a good, deep black. 'Somebody showed me all "
            "this,' he says. 'It would be daft to keep it to myself.'",
        ],
        "products": [
            "art-starlings-over-the-pier", "art-gasholder-at-dusk", "art-harbour-at-low-water", "art-allotment-gate",
        ],
    },
]

HOME = {
    "hero_title": "Made inside. Made after. Made well.",
    "hero_text": (
        "Beer, prints, paintings, textiles and refurbished computers made by the members of a cooperative of serving "
        "prisoners, former prisoners and community artists. Every sale pays a real wage, and we show you where the "
        "rest of the money goes."
    ),
    "intro": (
        "Through the Gate is owned by the people who make what we sell. Our members learn a trade in workshops "
        "inside prison and carry on working with us after release, alongside community artists and instructors. "
        "When you buy a bottle of stout or a linocut, you are paying for skilled, paid work, for savings towards a "
        "new start, and for a co-op that keeps its door open on the other side of the gate."
    ),
}

PAGES = [
    {
        "slug": "about",
        "title": "About us",
        "body": [
            "Through the Gate is a social cooperative. Our members are serving prisoners, people who have left "
            "prison, and community artists and instructors who work alongside them. Together we run five workshops: "
            "a brewery, a textiles room, a computer refurbishing workshop, a print studio and a painting studio, "
            "and this shop is how their work reaches you.",
            "The idea is simple and not new. Co-operatives in Italy, Canada and here in the UK have shown that real "
            "work, paid properly and done well, is one of the best foundations anyone can have for a life after "
            "prison. People learn a trade inside, earn a wage, and keep their job with us when they walk out of the "
            "gate, so nobody has to start again from nothing.",
            "Everything in the shop is made by a member, and every listing tells you who made it. Makers appear "
            "under a first name or a name they have chosen, with a few words about their craft. We never publish "
            "anything about why someone went to prison: our stories are about the work and about what comes next.",
            "Before anything goes on sale, a co-op officer reviews the listing. Every maker has agreed to their "
            "work being shown, and nobody's photo or story appears without their say-so, which they can withdraw "
            "at any time.",
        ],
    },
    {
        "slug": "how-the-co-op-works",
        "title": "How the co-op works",
        "body": [
            "Through the Gate belongs to its members, and every member has exactly one vote, whatever their role and "
            "however much they have put in. Makers inside and outside prison, the staff who run the workshops, "
            "community artists and supporters all sit in the same general meeting and elect the officers who run "
            "the co-op day to day.",
            "Serving prisoners cannot come to meetings in person, so each prison workshop holds its own members' "
            "meeting beforehand and sends its votes and its questions with the instructors. The minutes go back "
            "the same way.",
            "When you buy something, we first set aside the VAT and any discount. What remains is shared between "
            "four things: the maker's wage; reparation, paid to a fund that supports victims of crime; a "
            "contribution to room and board where a maker lives in prison or in the co-op's own housing; and the "
            "co-op's surplus, which pays for tools, training, materials and a reserve for lean months. Postage is "
            "kept separate and pays for postage.",
            "How the money is shared depends on where the maker is in their journey. Makers inside prison have "
            "their wages paid into their prison account and contribute to their keep. Makers on day release pay the "
            "levy the law sets on their earnings, which goes to victim support. After release, members keep most of "
            "what they earn; a small share for reparation is voluntary and a member can choose to keep it as wages "
            "instead. Community members are paid like anyone else.",
            "The split for each kind of member is set by the co-op's elected officers. Every change is recorded, "
            "and a change never alters money that has already been shared out. Our impact page shows, for each "
            "month, the totals that went to wages, reparation, room and board and the co-op. It never shows what an "
            "individual maker earned: that stays between them and the co-op.",
        ],
    },
    {
        "slug": "delivery-and-returns",
        "title": "Delivery and returns",
        "body": [
            "We deliver to addresses in the United Kingdom. Each workshop packs and sends its own work, so an order "
            "with, say, a scarf and a print may arrive as two parcels on different days. You will get an email with "
            "tracking for each one.",
            "Beer is for adults only. At checkout you confirm that you are 18 or over. Beer is sent by a courier "
            "who checks ID on the doorstep under Challenge 25: if you look under 25, you will be asked for photo ID "
            "showing you are over 18. The parcel is handed only to the person who placed the order, never to a "
            "neighbour and never left in a safe place. If nobody can take it, the courier will try again or take it "
            "back to the depot for you to collect with ID.",
            "Changed your mind? Tell us within 14 days of the delivery and send the item back within 14 days after "
            "that, unused and in its original packaging, and we will refund you, including the standard delivery "
            "charge. Beer can come back only if it is unopened. One-off paintings and prints are packed with care: "
            "please use the same packaging to return them.",
            "If something arrives damaged or faulty, let us know as soon as you can with a photo and we will put it "
            "right, with a repair, a replacement or a refund, and we will pay the return postage. None of this "
            "affects your statutory rights.",
            "Refurbished computers carry the warranty shown on their listing. If a fault appears during the "
            "warranty, the workshop will repair or replace the machine, or refund you if it cannot. The warranty "
            "does not cover accidental damage, liquid spills or batteries wearing down with normal use.",
        ],
    },
    {
        "slug": "refurbished-it-grades",
        "title": "Refurbished IT: what our grades mean",
        "body": [
            "Every computer, tablet and phone we sell has been fully tested, has had its storage wiped to a "
            "recognised standard with a data-erasure certificate, has a fresh operating system, and comes with a "
            "warranty. The grade describes how it looks, not how well it works: a grade C machine works just as "
            "well as a grade A one.",
            "Grade A, excellent: close to new. At most one or two light marks that you would need to look for. The "
            "screen is flawless and the keyboard shows no shine. The battery holds at least 80% of its original "
            "capacity, or it has been replaced.",
            "Grade B, good: light signs of use. Small scratches or scuffs on the lid, base or frame, perhaps a "
            "little shine on the most-used keys. No marks on the screen that you can see while it is switched on. "
            "The battery holds at least 70% of its original capacity.",
            "Grade C, fair: clearly used, fully working. Visible scratches, a dent, worn keys or palm rest, or a "
            "missing rubber foot. The screen may have light marks that show on a white background. The battery "
            "holds at least 60% of its original capacity. The best value if looks matter less to you than price.",
            "Each listing describes the marks on that particular batch, and the workshop photographs any machine on "
            "request. If what arrives does not match its grade, send it back and we will refund you.",
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "body": [
            "We want everyone to be able to use this shop, including people who use a screen reader, a keyboard "
            "instead of a mouse, magnification, voice control or high-contrast settings. We aim to meet the Web "
            "Content Accessibility Guidelines (WCAG) 2.2 at level AA.",
            "What we do: every page can be used with a keyboard alone, with a visible focus outline. Product "
            "pictures and maker portraits have text alternatives. We never use colour alone to carry meaning, and "
            "our text and buttons meet the contrast the guidelines ask for. Pages still work when text is enlarged "
            "to 200% or when you zoom in on a phone. Forms label every field and explain errors in words.",
            "We write in plain English. Product descriptions say what something is made of, how big it is and how "
            "to look after it, and the grade of a refurbished computer is explained in words, not just as a letter.",
            "What we know is not yet right: some older member stories have long paragraphs that we are breaking up, "
            "and our printed maker statements are not yet available in large print. We are working on both.",
            "If something on the site gets in your way, please tell us. Email access@throughthegate.example or ask "
            "any of our workshops to pass a message on, and we will reply within five working days and offer "
            "another way to order in the meantime. This statement was last reviewed in November 2026.",
        ],
    },
]

IMPACT_INTRO = (
    "Every sale is shared out by the co-op's payout engine: wages for the maker, reparation for victims, a "
    "contribution to room and board, and a surplus that keeps the co-op going. These are the totals so far, straight "
    "from the co-op's ledger."
)

# Members' meetings (makers.governance): one closed, with its count, and one open now. Days are relative to the day
# the demo is loaded. The demo ledger has no paid payout run, so no surplus to share: both proposals are
# non-financial (a surplus distribution needs a paid run; see README "Governance").
MEETINGS = [
    {
        "title": "Spring members' meeting",
        "kind": "general",
        "held_days_ago": 45,
        "notes": "Held in the canteen at Wharf Street and, the same week, in each prison workshop's members' meeting, "
                 "whose paper ballots the instructors brought back. Tea, and Maggie's lemon cake.",
        "proposal": {
            "title": "A Saturday repair café at Wharf Street",
            "text": "Open the studio one Saturday a month so neighbours can bring broken lamps, laptops, jackets and "
                    "chairs, and members who repair things for a living show them how. Second Shift lends two "
                    "benches and its test kit; the co-op pays for tea, fuses and thread, up to £40 a month, for a "
                    "year, then we look again.",
            "kind": "ordinary",
            "majority": "simple",
            "quorum_percent": 25,
            "options": ["Yes, start the repair café", "No, not this year"],
            "opens_days_ago": 60,
            "closes_days_ago": 45,
            # Who voted and how, by maker key: the demo maker's login votes online, everyone else on paper.
            "votes": {"maggie": 0, "danny": 0, "nell": 0, "kit": 0, "priya": 1, "rosa": 0, "reuben": 0, "sol": 1,
                      "mo": 0, "tomasz": 0, "wren": 0},
        },
    },
    {
        "title": "Annual general meeting",
        "kind": "general",
        "held_days_ago": -14,
        "notes": "At Kettle Yard's town unit, with the workshop meetings in the week before. Papers go out with the "
                 "instructors; members who sign in can vote at their account page until the meeting opens.",
        "proposal": {
            "title": "Members after release may stand for the board in their first year",
            "text": "Today a member has to wait a year after release before standing for the board. Members who "
                    "have been through the gate know best what the first year out is like; we propose to drop the "
                    "wait. This changes rule 14, so it needs two thirds of the votes cast.",
            "kind": "rule_change",
            "majority": "two_thirds",
            "quorum_percent": 25,
            "options": ["Yes, change rule 14", "No, keep the wait"],
            "opens_days_ago": 3,
            "closes_days_ago": -14,
            # One paper ballot entered by the instructor and waiting for a second person: a co-op admin confirms it.
            "awaiting": {"kit": 0},
        },
    },
]
