"""The demo magazine `manage.py load_demo` builds, written for Trill! Mag.

The lead story reports the facts of the seed page in our own words; the rest are
short original pieces so that the front page, sections, tags, pagination and
"You May Also Like" have something real to show.
"""

# (name, slug, description, parent section's slug)
SECTIONS = [
    ("World", "world", "Foreign affairs, diplomacy and conflict, reported from every region.", None),
    ("Middle East", "middle-east", "Diplomacy, conflict and daily life from the Gulf to the Mediterranean.", "world"),
    ("Politics", "politics", "Congress, the White House and the campaigns that shape them.", None),
    ("Business", "business", "Markets, companies and the economy in plain words.", None),
    ("Technology", "technology", "The tools, platforms and people changing how we live and work.", None),
    ("Culture", "culture", "Film, music, books and the arts.", None),
    ("Science", "science", "Discoveries, climate and health, explained.", None),
]

AUTHORS = [
    ("Maya Okafor", "maya-okafor", "Diplomatic Correspondent",
     "Maya covers the State Department and US foreign policy in the Middle East. "
     "She previously reported from Amman and Beirut."),
    ("Daniel Reyes", "daniel-reyes", "Congressional Reporter",
     "Daniel follows budgets, votes and the deals behind them on Capitol Hill."),
    ("Priya Raman", "priya-raman", "Technology Editor",
     "Priya writes about software, privacy and the economics of the internet."),
    ("Tom Lindqvist", "tom-lindqvist", "Culture Writer",
     "Tom reviews films and records and talks to the people who make them."),
]

# (title, slug, section slug, author slugs (first named first), tags, standfirst, body, photo, hours ago, lead story)
# photo: (caption, credit, palette index)
ARTICLES = [
    (
        "Antony Blinken Makes Secret Visit to Iraq to Discuss Israel-Palestine Conflict",
        "antony-blinken-makes-secret-visit-to-iraq",
        "world", ["maya-okafor"],
        ["Antony Blinken", "Iraq", "Israel", "Middle East", "Israel-Hamas war", "US foreign policy"],
        "The Secretary of State flew unannounced into Baghdad for talks on security, diplomacy and "
        "the threat to US forces from Iran-backed militias.",
        """
<p>Secretary of State Antony Blinken arrived in Iraq on Sunday without prior announcement, adding Baghdad to a
rapid tour of the region that US officials described as central to keeping the war in Gaza from spreading.</p>
<p>In the Iraqi capital he held talks with Prime Minister Mohammed Shia al-Sudani that ran for more than an
hour. He also went to the US Embassy, where staff briefed him on the continuing threat to American
facilities in the region.</p>
<p>Washington has repeatedly warned outside actors against entering the conflict between Israel and Hamas.</p>
<h2>Attacks on US forces</h2>
<p>Since the Hamas attack on Israel, groups backed by Iran have increased their strikes on American troops
stationed in Iraq and Syria. During the past month US forces brought down three drones that had been
launched at them in Iraq; one earlier attack left coalition personnel with minor injuries.</p>
<p>Such attacks had become rare after the United States changed the nature of its presence in Iraq, moving
away from combat operations towards training and advising the country's armed forces.</p>
<p>Blinken called his meeting with the prime minister good and productive. He said he had made plain that the
United States will not tolerate attacks on its people by militias aligned with Iran, and that it will take
whatever steps are needed to protect its personnel and bases.</p>
<h2>Common ground with al-Sudani</h2>
<p>According to Blinken, Washington and Baghdad share the aim of stopping the militia attacks. He praised
al-Sudani for publicly condemning the strikes on US personnel and said the prime minister was working with
Iraq's security forces to prevent more of them.</p>
<p>The two men also discussed how to contain the fighting in Gaza so that it does not draw in the wider
region.</p>
<h2>Aid and the protection of civilians</h2>
<p>State Department spokesperson Matthew Miller said the talks underlined the US commitment to working with
Iraq and other partners in the Middle East to get humanitarian aid to those who need it.</p>
<p>Both sides, Miller said, also stressed that civilians in Gaza must be protected and that Palestinians must not
be forced from their homes.</p>
<h2>An earlier stop in Ramallah</h2>
<p>Before travelling to Iraq, Blinken met Palestinian President Mahmoud Abbas in Ramallah, where they talked
about the rise in violence by Israeli settlers in the occupied West Bank.</p>
<p>The trip has also taken the secretary to Israel, Jordan and Cyprus. Turkey is his next scheduled stop.</p>
""",
        ("Secretary of State Antony Blinken during his regional tour.", "Alexandros Michailidis/Shutterstock", 0),
        2, True,
    ),
    (
        "House Republicans Propose $14.3 Billion for Israel, Paid for With IRS Cuts",
        "house-republicans-israel-aid-irs-cuts",
        "politics", ["daniel-reyes"],
        ["Israel", "Congress", "IRS", "US foreign policy"],
        "A House plan would send $14.3 billion to Israel and cover the cost by trimming IRS funding, setting up a "
        "fight with the Senate and the White House.",
        """
<p>House Republicans have put forward a bill that would give Israel $14.3 billion in emergency aid while
offsetting the cost with cuts to money set aside for the Internal Revenue Service.</p>
<h2>Why the offset matters</h2>
<p>Supporters say new spending should be paid for. Critics, including the Congressional Budget Office's past
estimates, argue that reducing IRS enforcement loses more in uncollected taxes than it saves.</p>
<h2>What comes next</h2>
<p>Senate Democrats have signalled they will not accept the IRS cuts, and the White House prefers a larger
package that also covers Ukraine and border security. Negotiators expect weeks of back and forth.</p>
""",
        ("The US Capitol in Washington.", "Trill! Mag photo desk", 1),
        20, False,
    ),
    (
        "Macron Visits Israel, Pledging Support and Pressing for a Path to Peace",
        "macron-visits-israel",
        "world", ["maya-okafor"],
        ["Israel", "France", "Middle East", "Israel-Hamas war"],
        "France's president travelled to Israel to show solidarity after the Hamas attacks while urging a "
        "political horizon for Palestinians.",
        """
<p>Emmanuel Macron became the latest Western leader to visit Israel, meeting the prime minister and families of
hostages held in Gaza.</p>
<h2>Solidarity and a warning</h2>
<p>The French president said Israel had the right to defend itself, but he also called for humanitarian pauses
and warned that lasting security would need a credible political process with the Palestinians.</p>
<h2>A regional tour</h2>
<p>From Israel, Macron was due to travel on to the West Bank and Jordan for further talks.</p>
""",
        ("President Emmanuel Macron on an official visit.", "Trill! Mag photo desk", 2),
        30, False,
    ),
    (
        "McConnell Says He and Biden Agree on Backing Israel and Ukraine",
        "mcconnell-biden-common-ground-israel-ukraine",
        "politics", ["daniel-reyes"],
        ["Congress", "Israel", "Ukraine", "US foreign policy"],
        "The Senate's top Republican acknowledged rare common ground with the president on aid to both "
        "countries.",
        """
<p>Senate Minority Leader Mitch McConnell said he sees eye to eye with President Joe Biden on supporting both
Israel and Ukraine, an unusual show of agreement across the aisle.</p>
<h2>A split in his party</h2>
<p>Some House Republicans want the two aid packages handled separately, and a number oppose further money for
Ukraine altogether. McConnell argued that both conflicts bear directly on American security.</p>
""",
        ("The Senate chamber's stairs in Washington.", "Trill! Mag photo desk", 3),
        44, False,
    ),
    (
        "What Could Go Wrong: The Security and Political Risks of Biden's Trip to Israel",
        "biden-israel-visit-risks",
        "politics", ["maya-okafor", "daniel-reyes"],
        ["Israel", "Joe Biden", "Middle East", "Israel-Hamas war"],
        "A wartime presidential visit carries real dangers, on the ground and at home. We look at what is at "
        "stake.",
        """
<p>Presidential trips to war zones are planned in secret and in detail, and President Biden's visit to Israel
was no exception.</p>
<h2>On the ground</h2>
<p>Rocket fire, crowded public spaces and the need to meet leaders quickly all complicate the Secret Service's
work.</p>
<h2>At home</h2>
<p>Politically, the visit ties the president closely to the conduct of the war, which supporters and critics in
his own party view very differently.</p>
""",
        ("Air Force One on the tarmac.", "Trill! Mag photo desk", 4),
        60, False,
    ),
    (
        "Central Banks Hold Rates Steady as Inflation Cools",
        "central-banks-hold-rates",
        "business", ["daniel-reyes"],
        ["Economy", "Interest rates"],
        "Policymakers in Washington, Frankfurt and London paused, saying they need more evidence before they "
        "cut.",
        """
<p>Three of the world's most watched central banks left borrowing costs unchanged this month.</p>
<h2>Markets look ahead</h2>
<p>Investors now expect the first cuts next year, though officials warned that wage growth remains strong.</p>
""",
        ("Traders watch screens at an exchange.", "Trill! Mag photo desk", 5),
        72, False,
    ),
    (
        "Small Businesses Turn to Four-Day Weeks to Keep Staff",
        "small-businesses-four-day-week",
        "business", ["priya-raman"],
        ["Economy", "Work"],
        "Owners say a shorter week costs less than constant hiring; the evidence so far is encouraging but thin.",
        """
<p>From bakeries to design studios, small employers are experimenting with four-day weeks.</p>
<h2>What the trials show</h2>
<p>Early pilot programmes report fewer resignations and steady output, but most involve office work that is
easier to reorganise.</p>
""",
        ("A shop owner opens up for the day.", "Trill! Mag photo desk", 0),
        90, False,
    ),
    (
        "The Quiet Return of the Personal Website",
        "return-of-the-personal-website",
        "technology", ["priya-raman"],
        ["Internet", "Social media"],
        "Tired of algorithms, writers and artists are building small sites of their own again.",
        """
<p>A blog, a portfolio, a page of links: the personal website is back in fashion.</p>
<h2>Owning the address</h2>
<p>Creators say the appeal is control. A domain name cannot be suspended by a platform, and an RSS feed does not
depend on a recommendation engine.</p>
""",
        ("A laptop on a kitchen table.", "Trill! Mag photo desk", 1),
        110, False,
    ),
    (
        "Schools Rewrite Phone Rules as Pupils Push Back",
        "schools-phone-rules",
        "technology", ["priya-raman"],
        ["Education", "Social media"],
        "More schools now lock phones away for the whole day. Students and parents are split on the results.",
        """
<p>Head teachers report calmer corridors since banning phones, but some parents worry about reaching their
children in an emergency.</p>
<h2>The research</h2>
<p>Studies of attention and wellbeing point in the same direction, though their effects are modest.</p>
""",
        ("Students leaving a school building.", "Trill! Mag photo desk", 2),
        130, False,
    ),
    (
        "A Director's Long Road to Her First Feature",
        "directors-long-road-first-feature",
        "culture", ["tom-lindqvist"],
        ["Film", "Interviews"],
        "Ten years, three rewrites and one stubborn producer: how a debut finally reached the screen.",
        """
<p>The film opens this week in a handful of cinemas, a decade after its first draft.</p>
<h2>Keeping it small</h2>
<p>She turned down a bigger budget that came with a different ending. "It would have been someone else's
film," she says.</p>
""",
        ("A film set at dusk.", "Trill! Mag photo desk", 3),
        150, False,
    ),
    (
        "Five Records That Defined the Autumn",
        "five-records-autumn",
        "culture", ["tom-lindqvist"],
        ["Music", "Reviews"],
        "From a folk revival to a synth-pop comeback, the season's albums worth your time.",
        """
<p>It has been a crowded few months for new music. These are the five we keep returning to.</p>
<h2>The surprise</h2>
<p>A veteran band's quiet acoustic album turned out to be its best in twenty years.</p>
""",
        ("Vinyl records in a shop rack.", "Trill! Mag photo desk", 4),
        170, False,
    ),
    (
        "Record Heat Pushes Cities to Rethink Their Streets",
        "record-heat-cities-streets",
        "science", ["priya-raman"],
        ["Climate", "Cities"],
        "Trees, lighter roofs and water fountains: the cheap fixes that make a difference when temperatures climb.",
        """
<p>After another summer of records, city planners are looking at what actually cools a street.</p>
<h2>Shade first</h2>
<p>Measurements show that tree cover can make pavements many degrees cooler than open asphalt.</p>
""",
        ("A tree-lined street on a hot afternoon.", "Trill! Mag photo desk", 5),
        200, False,
    ),
    (
        "Why the Ocean Is Getting Louder",
        "ocean-getting-louder",
        "science", ["tom-lindqvist"],
        ["Climate", "Oceans"],
        "Shipping noise is changing how whales talk to each other. Quieter propellers could help.",
        """
<p>Underwater microphones record a steady rise in low-frequency noise along busy shipping lanes.</p>
<h2>A simple fix</h2>
<p>Slowing ships slightly cuts noise sharply, and saves fuel too.</p>
""",
        ("A container ship at sea.", "Trill! Mag photo desk", 0),
        230, False,
    ),
    (
        "Jordan Warns of a Widening War as Aid Stalls at the Border",
        "jordan-warns-widening-war",
        "middle-east", ["maya-okafor"],
        ["Jordan", "Middle East", "Humanitarian aid"],
        "Amman's foreign minister urged a ceasefire and faster deliveries of food and medicine into Gaza.",
        """
<p>Jordan's government stepped up its warnings that the conflict could spill across the region.</p>
<h2>Trucks waiting</h2>
<p>Aid agencies say hundreds of lorries remain queued at crossings while inspections continue.</p>
""",
        ("Aid lorries waiting at a border crossing.", "Trill! Mag photo desk", 1),
        260, False,
    ),
    (
        "Budget Talks Stall Over Spending Caps",
        "budget-talks-stall",
        "politics", ["daniel-reyes"],
        ["Congress", "Economy"],
        "With a funding deadline weeks away, the two chambers remain far apart.",
        """
<p>Negotiators left the Capitol without a deal on spending levels for the coming year.</p>
<h2>The sticking points</h2>
<p>Defence, domestic programmes and emergency aid are all tied together, which makes any single trade-off
harder.</p>
""",
        ("The Capitol dome at night.", "Trill! Mag photo desk", 2),
        300, False,
    ),
    (
        "Inside the Race to Build Cheaper Batteries",
        "race-to-build-cheaper-batteries",
        "technology", ["priya-raman"],
        ["Climate", "Economy"],
        "Sodium, iron and better factories could cut the price of storing clean power.",
        """
<p>Battery prices have fallen for a decade, and engineers think there is further to go.</p>
<h2>Beyond lithium</h2>
<p>Sodium-ion cells use cheaper, more common materials and are already in some small cars.</p>
""",
        ("Battery cells on a production line.", "Trill! Mag photo desk", 3),
        340, False,
    ),
]

# An article with a video in its body: the address on a line of its own becomes
# a facade (articles/body.py) whose poster is the library photo naming that
# address as its source, made here (demo/photos.py), so nothing is fetched.
VIDEO_ADDRESS = "https://www.youtube.com/watch?v=jNQXAC9IVRw"
VIDEO_POSTER = ("A still from the first video uploaded to YouTube, 2005.", "Trill! Mag photo desk")
VIDEO_ARTICLE = (
    "Nineteen Seconds at the Zoo: The Clip That Started YouTube",
    "nineteen-seconds-at-the-zoo",
    "technology", ["priya-raman", "tom-lindqvist"],
    ["Internet", "Video", "Social media"],
    "The first video ever posted to YouTube is short, shaky and about elephants. It also changed how the world "
    "shares what it sees.",
    f"""
<p>In April 2005 one of YouTube's founders filmed himself in front of the elephant enclosure at a zoo in San
Diego and uploaded the result. The clip lasts nineteen seconds; its most memorable line is about the length of
the animals' trunks.</p>
<p><a href="{VIDEO_ADDRESS}">Me at the zoo (2005): the first video on YouTube</a></p>
<h2>Why it still matters</h2>
<p>Nothing in the video is remarkable, and that is the point. It showed that anyone with a camera could publish
moving pictures to anyone with a browser, without a broadcaster in between.</p>
<h2>How we show it</h2>
<p>The player above loads nothing from YouTube until you press play: until then you see a still we keep
ourselves, so reading this page tells no one else that you are here.</p>
""",
    ("Video screens in a gallery.", "Trill! Mag photo desk", 4),
    6, False,
)

# Pages for the footer: (title, slug, footer order, body)
PAGES = [
    (
        "About Trill! Mag",
        "about",
        1,
        """
<p>Trill! Mag is an independent news magazine. We cover world affairs, politics, business, technology, culture
and science for readers who want the facts first and the arguments second.</p>
<h2>How we work</h2>
<p>Every story has at least one named author, and when several reporters share the work, all of them are
named. We say where our photos come from, we correct mistakes openly, and we keep opinion clearly apart from
reporting.</p>
<h2>Who we are</h2>
<p>A small newsroom of reporters and editors, with correspondents who have worked from Washington, Amman and
Beirut. You can read more about each of them on their author pages.</p>
""",
    ),
    (
        "Privacy policy",
        "privacy-policy",
        2,
        """
<p>This page explains what we collect when you read Trill! Mag or write to us, and what we do with it.</p>
<h2>Reading</h2>
<p>Reading the magazine needs no account. We set no advertising cookies. Videos and social posts inside our
stories load nothing from their providers until you press play or show them.</p>
<h2>Comments</h2>
<p>When you comment we store your name, your email address, your website if you give one, the text of your
comment and the address your computer connected from, to fight spam. Your email address is never published.
If you tick "save my details", your browser keeps your name, email and website in a cookie for a year so that
you need not type them again. Once an editor has approved one of your comments, your browser keeps a cookie
for a year, holding your email address, so that your next comments from it appear at once.</p>
<h2>Your choices</h2>
<p>Every notification email has a link to stop further ones. To have a comment or your details removed, write
to the editors and we will do it.</p>
""",
    ),
]

# Readers' comments on the lead story, one of them a reply.
# (key, name, email, website, body, key of the comment it answers)
COMMENTS = [
    ("first", "Rosa Delgado", "rosa.delgado@example.com", "",
     "Useful to have the militia attacks laid out in one place. Most coverage I saw only mentioned the "
     "drones in passing.", None),
    ("second", "Kwame Mensah", "kwame.mensah@example.com", "https://example.com/kwame",
     "An unannounced stop in Baghdad says a lot about how worried Washington is that the war could spread.\n\n"
     "I would like to know what Iraq asked for in return.", None),
    ("reply", "Lena Fischer", "lena.fischer@example.com", "",
     "Good question. The piece suggests the prime minister mostly wanted the visit itself, as a sign of "
     "support at home.", "second"),
    ("third", "Sam Whitaker", "sam.whitaker@example.com", "",
     "Would be great to see a follow-up on the Ankara leg of the trip.", None),
]
