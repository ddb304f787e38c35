"""Regenerate resources/demo/demo.json, the demo workshop (fictitious people, the seed's day).

Run from a checkout: python scripts/make_demo.py. The output is committed; the app reads only the JSON.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "demo" / "demo.json"

ORGS = [
    (
        "Mind",
        ["Service manager", "Peer support worker", "Policy officer", "Lived experience partner"],
    ),
    ("Q Lab", ["Insight manager", "Lab manager", "Programme officer"]),
    ("Health Innovation Network", ["Clinical psychologist", "Project manager", "Improvement lead"]),
    ("Sydenham Gardens", ["Garden therapist", "Operations manager"]),
    ("St George's University Hospitals NHS FT", ["Physiotherapist", "Pain consultant"]),
    ("Kingston Hospital NHS FT", ["Physiotherapist", "Occupational therapist"]),
    ("Powys Teaching Health Board", ["Service designer", "Physiotherapy lead", "GP"]),
    ("Keele University", ["Research fellow", "Senior lecturer"]),
    ("Midlands Partnership NHS Foundation Trust", ["Mental health nurse", "Psychologist"]),
    (
        "Robert Jones and Agnes Hunt Orthopaedic Hospital",
        ["Spinal physiotherapist", "Clinical lead"],
    ),
    ("Equally Well UK", ["Network coordinator"]),
    ("The Richmond Group of Charities", ["Partnerships manager"]),
]
PEOPLE = [
    "Siân Jones",
    "Llŷr Evans",
    "Zoë Nowak",
    "Aoife Ó Súilleabháin",
    "Bjørn Larsen",
    "Priya Sharma",
    "Mohammed Rahman",
    "Grace O'Neill",
    "Bethan Smith-Jones",
    "Ruth Fuchs",
    "Chidi Okafor",
    "Hannah Cohen",
    "Dafydd ap Gruffydd",
    "Amara Mensah",
    "Tomasz Wiśniewski",
    "Eilidh MacLeod",
    "Kwame Boateng",
    "Fatima Begum",
    "Oliver Hughes",
    "Noor Al-Hassan",
    "Catrin Pritchard",
    "Jamal Ahmed",
    "Sophie Martin",
    "Rhiannon Davies",
    "Yusuf Khan",
    "Ellen Thompson",
    "Arjun Patel",
    "Niamh Byrne",
    "Gareth Williams",
    "Mei Lin Chen",
    "Joseph Adeyemi",
    "Olga Petrova",
    "Liam Murphy",
    "Isabel García",
    "Rosa Ferreira",
    "Daniel Green",
    "Ffion Roberts",
    "Samuel Osei",
    "Leah Goldberg",
    "Hamish Campbell",
    "Anjali Mehta",
    "Matthew Clarke",
    "Chloé Dubois",
    "Kofi Asante",
    "Ewan Stewart",
    "Nadia Kowalczyk",
    "Ben Walker",
    "Imani Brown",
    "Rory Fitzgerald",
    "Elif Yılmaz",
    "Jo Bennett",
    "Marcus Reid",
    "Saoirse Kelly",
    "Ravi Kumar",
    "Harriet Lewis",
    "Ifeoma Nwosu",
    "Owain Morgan",
    "Ayesha Siddiqui",
    "Pádraig Ó Briain",
    "Lucy Edwards",
]
STREETS = ["Fictional Lane", "Demo Avenue", "Mock Terrace", "Test Gardens", "Placeholder Close"]
TOWNS = [
    ("London", "SE23 8TR"),
    ("Manchester", "M16 9WG"),
    ("Cardiff", "CF10 1ZS"),
    ("Llandrindod Wells", "LD1 5ES"),
    ("Stoke-on-Trent", "ST5 4UR"),
    ("Oswestry", "SY10 7AG"),
    ("Kingston upon Thames", "KT2 7QB"),
]


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isascii()).replace("'", "").replace(" ", ".").lower()


def attendees(rng: random.Random) -> list[dict[str, object]]:
    out = []
    for i, name in enumerate(PEOPLE):
        org, roles = ORGS[i % len(ORGS)]
        town, postcode = rng.choice(TOWNS)
        has_address = rng.random() < 0.75
        person: dict[str, object] = {
            "name": name,
            "organisation": org,
            "role": rng.choice(roles),
            "email": f"{_ascii(name)}@example.org",
            "address": f"{rng.randint(2, 240)} {rng.choice(STREETS)}\n{town}\n{postcode}"
            if has_address
            else "",
            "access_needs": rng.choice(
                ["", "", "", "", "", "Step-free access", "Hearing loop", "Seat near the front"]
            ),
            "dietary_needs": rng.choice(
                ["", "", "", "Vegetarian", "Vegan", "Halal", "Gluten free"]
            ),
            "ticket_type": "Lived experience partner"
            if "Lived" in rng.choice(roles)
            else "Lab participant",
            "consent_postcard": has_address and rng.random() < 0.85,
            "ticket_codes": [str(rng.randrange(10**20, 10**21))],
        }
        out.append(person)
    return out


AGENDA = [
    {
        "title": "Arrival, coffee and check-in",
        "kind": "welcome",
        "duration_min": 30,
        "phases": [
            {
                "name": "Arrival",
                "duration_s": 1800,
                "prompt": "Welcome! Get a coffee, find a seat, say hello.",
            },
        ],
    },
    {
        "title": "Welcome and networking pairs",
        "kind": "welcome",
        "duration_min": 30,
        "activity": "impromptu-networking",
        "notes": "Keep the welcome short. Three rounds, a new partner each round.",
        "phases": [
            {
                "name": "Welcome",
                "duration_s": 300,
                "prompt": "Welcome to the Q Lab and Mind workshop",
            },
            {
                "name": "Networking pairs",
                "duration_s": 360,
                "rounds": 3,
                "group_size": 2,
                "prompt": "Find someone you don't know and ask each other:\n"
                "1. What did you have for lunch?\n"
                "2. Why is mental health and/or persistent pain important to you?\n"
                "3. What are you most looking forward to today?",
            },
            {
                "name": "What did you hear?",
                "duration_s": 420,
                "prompt": "A few voices: what surprised you in your conversations?",
            },
        ],
    },
    {
        "title": "Session 1: Sharing the learning and exploring solutions",
        "kind": "session",
        "duration_min": 75,
        "activity": "troika-consulting",
        "notes": "Jo summarises 12 months of learning: six high-level problems and possible solutions. "
        "Then Troika Consulting on attendees' own local challenges.",
        "phases": [
            {
                "name": "Six problems, possible solutions",
                "duration_s": 1500,
                "prompt": "What we learned in 12 months: six problems and possible solutions",
            },
            {
                "name": "Form trios",
                "duration_s": 180,
                "group_size": 3,
                "prompt": "Form groups of three with people you don't work with",
            },
            {
                "name": "Client shares the challenge",
                "duration_s": 180,
                "rounds": 3,
                "group_size": 3,
                "prompt": "Client: share your challenge. Consultants: listen.",
            },
            {
                "name": "Consultants ask questions",
                "duration_s": 120,
                "rounds": 3,
                "group_size": 3,
                "prompt": "Consultants: ask clarifying questions. No advice yet.",
            },
            {
                "name": "Client turns around",
                "duration_s": 360,
                "rounds": 3,
                "group_size": 3,
                "prompt": "Client: turn your back and listen. Consultants: consult together.",
            },
            {
                "name": "Client reflects",
                "duration_s": 120,
                "rounds": 3,
                "group_size": 3,
                "prompt": "Client: turn round and say what was useful.",
            },
            {"name": "Harvest", "duration_s": 480, "prompt": "What ideas will you take back?"},
        ],
    },
    {"title": "Break", "kind": "break", "duration_min": 15, "phases": []},
    {
        "title": "Session 2: Testing new ideas: what did we learn?",
        "kind": "session",
        "duration_min": 60,
        "activity": "presentations",
        "notes": "Five test teams, 8 minutes each plus 3 minutes of questions.",
        "phases": [
            {
                "name": "Introduction",
                "duration_s": 300,
                "prompt": "Five test teams, their honest reflections",
            },
            *[
                p
                for team in [
                    "Health Innovation Network and Sydenham Gardens",
                    "Health Innovation Network, St George's and Kingston Hospital",
                    "Powys Teaching Health Board",
                    "Keele University and Midlands Partnership NHS Foundation Trust",
                    "Robert Jones and Agnes Hunt Orthopaedic Hospital",
                ]
                for p in (
                    {"name": f"{team}", "duration_s": 480, "prompt": f"Presentation: {team}"},
                    {"name": "Questions", "duration_s": 180, "prompt": f"Questions for {team}"},
                )
            ],
        ],
    },
    {"title": "Lunch", "kind": "lunch", "duration_min": 45, "fixed_start": "13:00", "phases": []},
    {
        "title": "Session 3: The importance of influencing in your system",
        "kind": "session",
        "duration_min": 60,
        "activity": "influencing-trios",
        "notes": "Adapted from 'Speaking up, Listening up' (NHS Leadership Academy). Reassure people "
        "about the role play: the point is the feedback.",
        "phases": [
            {
                "name": "Why influencing matters",
                "duration_s": 900,
                "prompt": "Organisations change one conversation at a time",
            },
            {
                "name": "Presenter makes the case",
                "duration_s": 180,
                "rounds": 3,
                "group_size": 3,
                "prompt": "Presenter: make your case to the people you want to influence.",
            },
            {
                "name": "Feedback",
                "duration_s": 240,
                "rounds": 3,
                "group_size": 3,
                "prompt": "Listeners, complete these sentences:\n"
                "One thing that influenced me …\n"
                "One thing that caused me to doubt …\n"
                "The impact of your voice and body language …",
            },
            {
                "name": "Presenter goes again",
                "duration_s": 180,
                "rounds": 3,
                "group_size": 3,
                "prompt": "Presenter: thank your listeners, then go again using what you heard.",
            },
            {
                "name": "Debrief",
                "duration_s": 900,
                "prompt": "What did you notice about influencing?",
            },
        ],
    },
    {"title": "Break", "kind": "break", "duration_min": 15, "phases": []},
    {
        "title": "Session 4: Networking and taking action",
        "kind": "session",
        "duration_min": 45,
        "activity": "commitment-cards",
        "notes": "Commitment cards double as postcards, posted back in three weeks.",
        "phases": [
            {
                "name": "Reflect in pairs",
                "duration_s": 600,
                "group_size": 2,
                "prompt": "What have you heard today that you will act on?",
            },
            {
                "name": "Commitment cards",
                "duration_s": 900,
                "prompt": "Fill in your commitment card: what will you do next, who will you talk to, by when?",
            },
            {
                "name": "Networking",
                "duration_s": 1200,
                "prompt": "Find the people you need to talk to",
            },
        ],
    },
    {
        "title": "Close and next steps",
        "kind": "close",
        "duration_min": 15,
        "phases": [
            {
                "name": "Next steps",
                "duration_s": 900,
                "prompt": "Thank you! Your postcard arrives in about three weeks.",
            },
        ],
    },
]

# What people wrote about each session, keyed by its place in AGENDA: each comment talks about
# the session it is given for. Every list keeps its length (8 and 7), so the random draws, and
# with them the rest of the demo, stay as they were.
COMMENTS_WORKED = {
    1: [
        "Meeting people from outside my own trust.",
        "The networking questions broke the ice.",
        "Three partners in half an hour: people I would never have talked to.",
        "A warm, short welcome.",
        "Good to hear why pain matters to the others.",
        "Moving around woke me up.",
        "A good mix of people in the room.",
        "",
    ],
    2: [
        "Troika was brilliant: real advice on a real problem.",
        "Clear summary of the six problems.",
        "Turning my back made me really listen.",
        "The consultants asked questions I had not thought of.",
        "Short sessions, good pace.",
        "Twelve months of learning in twenty-five minutes.",
        "Staying in the same trio built trust.",
        "",
    ],
    4: [
        "Hearing the test teams be honest about what didn't work.",
        "Real examples from Powys and Keele.",
        "Eight minutes each kept it moving.",
        "Good to see what a small test can show.",
        "The questions after each team were sharp.",
        "Learning what the garden project found.",
        "Clear slides from most of the teams.",
        "",
    ],
    6: [
        "The role play was less scary than I expected.",
        "The three feedback sentences gave structure.",
        "Going again after the feedback showed me what changed.",
        "Honest feedback on my body language.",
        "Practising the ask out loud.",
        "Everyone got a turn as presenter.",
        "A safe place to try.",
        "",
    ],
}
COMMENTS_CHANGE = {
    1: [
        "Name badges with bigger print.",
        "A bit longer with each partner.",
        "Too noisy to hear my partner at times.",
        "Start the welcome on time.",
        "Put the questions up before we stand.",
        "",
        "",
    ],
    2: [
        "More time for the client to reflect.",
        "The six problems on a handout to take away.",
        "One Troika round felt rushed.",
        "Less talk before the trios, more Troika.",
        "Chairs without tables for the trios.",
        "",
        "",
    ],
    4: [
        "More time for questions after each team.",
        "Send the slides beforehand.",
        "Microphone for the people at the back please.",
        "A break between the third and fourth teams.",
        "A summary of all five teams at the end.",
        "",
        "",
    ],
    6: [
        "The room was too warm after lunch.",
        "Longer break in the afternoon.",
        "A printed copy of the feedback sentences.",
        "Fewer minutes of talk before the role play.",
        "More time for the second go.",
        "",
        "",
    ],
}
# Session 3's feedback stems, as listeners completed them (the demo's phone answers).
STEM_ANSWERS = {
    "One thing that influenced me": [
        "Your story about the patient who waited two years.",
        "The numbers on missed appointments.",
        "You asked what I needed, not just what you wanted.",
    ],
    "One thing that caused me to doubt": [
        "It sounded expensive and I did not hear who pays.",
        "Too many acronyms.",
        "",
    ],
    "The impact of your voice and body language": [
        "Calm and confident; you kept eye contact.",
        "You spoke quickly when you got to the ask.",
        "",
    ],
}
# Cards the desk has to check: a name nobody registered with, and a colleague's email.
UNCLEAR_CARDS = [
    {
        "name": "Joanne Bennett",
        "email": "jo.home@example.net",
        "action": "Bring the lived experience panel to our next planning day",
        "who": "Planning team",
        "by_when": "December",
    },
    {
        "name": "Ruth Fuchs",
        "email": "hannah.cohen@example.org",
        "action": "Share the influencing feedback sentences with my team",
        "who": "My team",
        "by_when": "Next week",
    },
]
COMMITMENTS = [
    (
        "Set up a lunchtime feedback session with our clinicians",
        "My service manager",
        "End of October",
    ),
    ("Invite a lived experience partner to our next project board", "Our project lead", "November"),
    ("Try Troika Consulting with my team", "My team", "Next team meeting"),
    ("Map who I need to influence for long-term funding", "Commissioners", "Before Christmas"),
    ("Share the six problems summary with our physio focus group", "Physio leads", "Two weeks"),
    ("Ask patients what matters to them before changing the pathway", "Patients", "This month"),
    ("Book a meeting with the pain clinic about joint clinics", "Pain consultant", "October"),
    ("Start a community of practice for people with lived experience", "Peer workers", "January"),
    ("Write up our test results for the board", "Director", "End of quarter"),
    ("Find a local champion for our project", "", "Next month"),
    ("Use design methods in our next service review", "Service designer", "Spring"),
    ("Talk to my GP practice about the mental health and pain pathway", "Practice manager", "Soon"),
    ("Practise my influencing pitch with a colleague", "A colleague", "Next week"),
    ("Join the online group and share what we tried", "Q community", "Tomorrow"),
]


def main() -> None:
    rng = random.Random(20260917)
    people = attendees(rng)
    # About three quarters have arrived, between 09:20 and 10:10.
    checked_in = sorted(rng.sample(range(len(people)), 46))
    checkins = [
        {"attendee": i, "at": f"2026-09-17T{9 + (20 + k) // 60:02d}:{(20 + k) % 60:02d}:00+01:00"}
        for k, i in enumerate(checked_in)
    ]
    feedback = []
    for item_index in (1, 2, 4, 6):
        for _ in range(rng.randint(8, 14)):
            feedback.append(
                {
                    "item": item_index,
                    "rating": rng.choice([3, 4, 4, 4, 5, 5, 5, 2]),
                    "worked": rng.choice(COMMENTS_WORKED[item_index]),
                    "change": rng.choice(COMMENTS_CHANGE[item_index]),
                }
            )
    stems = random.Random(3)  # separate, so the rest of the demo stays as it was
    for response in feedback:
        if response["item"] == 6:
            answers = {stem: stems.choice(texts) for stem, texts in STEM_ANSWERS.items()}
            response["answers"] = {k: v for k, v in answers.items() if v}
    commitments = []
    for k, (action, who, when) in enumerate(COMMITMENTS):
        i = checked_in[k * 3 % len(checked_in)]
        person = people[i]
        commitments.append(
            {
                "attendee": i,
                "action": action,
                "who": who,
                "by_when": when,
                "name": person["name"],
                "email": person["email"],
                "use_registered_address": bool(person["address"]),
                "consent_post": bool(person["address"]) and k % 4 != 3,
                "source": "paper" if k % 5 == 4 else "phone",
            }
        )
    for card in UNCLEAR_CARDS:
        commitments.append(
            {
                "attendee": None,
                **card,
                "use_registered_address": False,
                "consent_post": False,
                "source": "phone",
            }
        )
    data = {
        "workshop": {
            "title": "Mental health and persistent back and neck pain: from insights to action",
            "date": "2026-09-17",
            "venue": "The Resource Centre, London",
            "day_start": "09:30",
            "day_end": "16:30",
            "organiser": "Q Lab and Mind",
        },
        "agenda": AGENDA,
        "attendees": people,
        "check_ins": checkins,
        "feedback": feedback,
        "commitments": commitments,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(people)} attendees)")


if __name__ == "__main__":
    main()
