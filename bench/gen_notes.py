#!/usr/bin/env python3
"""Generate a deterministic corpus of synthetic therapy notes for benchmarking soaplint.

    python3 bench/gen_notes.py --seed 1 --megabytes 100 --out bench/out/corpus [--files K]
                               [--manifest FILE]

The notes imitate what charting exports and transcriptions really contain (evaluations, daily
notes, progress notes and discharges of physical therapists, occupational therapists,
chiropractors and massage therapists) in the many forms soaplint reads: heading styles,
run-in headings, the MTSamples comma-for-newline form, Markdown, CRLF, UTF-16LE with BOM and
Windows-1252. Patients are followed through episodes of care, so the same patient appears in
several files with increasing dates of service. About 10 % of the notes carry one deliberate
defect (missing minutes, units over minutes, pain 12/10, relaxation massage, ...).

Everything comes from one random.Random(seed): the same seed, size and file count give
byte-identical output. Sizes are in decimal megabytes (1 MB = 1,000,000 bytes, as encoded on
disk). No names, dates or identifiers belong to real people.
"""

import argparse
import codecs
import datetime
import json
import os
import random
import sys
import textwrap

MB = 1_000_000
DEFECT_RATE = 0.10
# Episodes start between these dates (all after the ICD-10-CM 2021 split of M54.5).
FIRST_START_DAY = datetime.date(2024, 1, 8)
START_DAYS = 800

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

FEMALE_NAMES = [
    "Maria", "Linda", "Patricia", "Barbara", "Susan", "Jennifer", "Karen", "Nancy", "Lisa",
    "Betty", "Sandra", "Ashley", "Dorothy", "Kimberly", "Emily", "Donna", "Michelle", "Carol",
    "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia",
    "Kathleen", "Amy", "Angela", "Shirley", "Anna", "Brenda", "Pamela", "Emma", "Nicole", "Helen",
    "Samantha", "Katherine", "Christine", "Debra", "Rachel", "Renée", "Zoë", "Chloé",
]
MALE_NAMES = [
    "James", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles",
    "Daniel", "Matthew", "Anthony", "Mark", "Paul", "Steven", "Andrew", "Kenneth", "Joshua",
    "Kevin", "Brian", "George", "Edward", "Ronald", "Timothy", "Jason", "Jeffrey", "Ryan", "Jacob",
    "Gary", "Nicholas", "Eric", "Jose", "Jonathan", "Larry", "Justin", "Scott", "Brandon",
    "Benjamin", "Samuel", "Gregory", "José", "Noël",
]
FIRST_NAMES = FEMALE_NAMES + MALE_NAMES
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Kowalski", "O'Brien", "Patel",
    "Kim", "Chen", "Novak", "Schmidt", "Müller", "Peña", "Dubois",
]

# (text written on the Payer:/Insurance: line, unit method of the matching SPEC §4 profile)
PAYERS = [
    ("Medicare Part B", "cms"), ("Medicare", "cms"), ("Medicare Part B (Novitas)", "cms"),
    ("Blue Cross Blue Shield of Illinois", "ama"), ("BCBS of Illinois PPO", "ama"),
    ("Independence Blue Cross", "cms"), ("IBX Keystone Health Plan East", "cms"),
    ("Aetna", "ama"), ("Aetna Choice POS II", "ama"), ("UnitedHealthcare", "ama"),
    ("Cigna", "ama"), ("Workers' Compensation - Travelers", "cms"),
    ("Workers comp (Liberty Mutual)", "cms"), ("Auto PIP - State Farm", "cms"),
    ("Auto insurance PIP (GEICO)", "cms"), ("Humana Medicare Advantage", "cms"),
]

# Massage therapists and chiropractors bill commercial and auto plans, not Medicare or IBX
# (SPEC §4: an LMT is not a Medicare therapy provider; IBX pays 97124 only from a PT).
COMMERCIAL_PAYERS = [p for p in PAYERS if "Medicare" not in p[0] and "IBX" not in p[0]
                     and "Independence" not in p[0] and "Workers" not in p[0]]
PAYERS_BY_DISCIPLINE = {"lmt": COMMERCIAL_PAYERS, "dc": COMMERCIAL_PAYERS + [p for p in PAYERS if "Workers" in p[0]]}

# discipline -> (credential strings, evaluation code, evaluation description)
DISCIPLINES = {
    "pt": (["PT, DPT", "PT, DPT, OCS", "PT", "MPT", "DPT"], "97162",
           "PT evaluation, moderate complexity"),
    "pta": (["PTA"], None, None),
    "ot": (["OTR/L", "OT", "MS, OTR/L"], "97166", "OT evaluation, moderate complexity"),
    "dc": (["DC"], None, None),
    "lmt": (["LMT", "LMT, NCBTMB"], None, None),
}

PHYSICIANS = ["Sarah Patel, MD", "Ahmed Rahman, MD", "Laura Chen, DO", "Peter Novak, MD",
              "Grace Okafor, MD", "Daniel Weiss, DO", "Hannah Brooks, PA-C", "Omar Haddad, MD"]

TIMED_CODES = {
    "97110": ["Therapeutic exercise", "Ther ex", "TherEx", "Therapeutic exercises"],
    "97112": ["Neuromuscular re-education", "NMR", "Neuromuscular re-ed"],
    "97116": ["Gait training"],
    "97140": ["Manual therapy", "Manual therapy techniques", "MT"],
    "97530": ["Therapeutic activities", "Ther act", "Therapeutic activity"],
    "97535": ["Self-care/home management training", "ADL training"],
    "97124": ["Massage", "Therapeutic massage", "Massage therapy"],
    "97035": ["Ultrasound"],
}
UNTIMED_CODES = {
    "97010": ["hot pack", "moist heat", "cold pack", "Hot/cold packs"],
    "97014": ["E-stim unattended", "Electrical stimulation, unattended"],
    "97012": ["Mechanical traction"],
}
CHIRO_CODES = {"98940": "CMT 1-2 regions", "98941": "CMT 3-4 regions"}

SIDES = {"R": ["R", "Right", "Rt", "right"], "L": ["L", "Left", "Lt", "left"]}


class Measure:
    """One tracked measurement of an episode; improves by `step` per visit (or plateaus)."""

    def __init__(self, kind, name, value, step, low, high, fmt):
        self.kind, self.name, self.value, self.step = kind, name, value, step
        self.low, self.high, self.fmt = low, high, fmt

    def advance(self, rng, plateau):
        if plateau:
            return
        jitter = rng.choice([0, 0, 1, 1, 2]) * (1 if self.step > 0 else -1)
        self.value = min(self.high, max(self.low, self.value + self.step + jitter * abs(self.step) / 3))


# Body regions: diagnoses (dotted ICD-10-CM; `{s}` = 1 right / 2 left), motions with
# (start low, start high, normal), strength tests, outcome measure, functional tasks, mechanisms.
REGIONS = {
    "shoulder": dict(
        dx=[("M75.4{s}", "Impingement syndrome of {side} shoulder"),
            ("M25.51{s}", "Pain in {side} shoulder"),
            ("M75.10{s}", "Unspecified rotator cuff tear or rupture of {side} shoulder, not specified as traumatic"),
            ("M75.0{s}", "Adhesive capsulitis of {side} shoulder"),
            ("M62.81", "Muscle weakness (generalized)")],
        rom=[("shoulder flexion", 85, 130, 180), ("shoulder abduction", 70, 120, 180),
             ("shoulder ER", 20, 50, 90), ("shoulder IR", 25, 50, 70)],
        mmt=["shoulder flexion", "shoulder abduction", "ER", "middle trap", "lower trap"],
        outcome=("QuickDASH", 30, 60, "dash"),
        tasks=["reach into overhead cabinets", "fasten bra", "comb hair", "lift a gallon of milk to shoulder height",
               "sleep on the {side} side", "put on a coat", "place dishes on the top shelf"],
        mechanism=["lifting a suitcase into an overhead bin", "a fall on an outstretched hand",
                   "painting the ceiling", "repetitive overhead work at the warehouse", "gradual onset, no injury"],
    ),
    "knee": dict(
        dx=[("M17.1{s}", "Unilateral primary osteoarthritis, {side} knee"),
            ("M25.56{s}", "Pain in {side} knee"),
            ("Z96.65{s}", "Presence of {side} artificial knee joint"),
            ("Z47.1", "Aftercare following joint replacement surgery"),
            ("S83.51{s}A", "Sprain of anterior cruciate ligament of {side} knee, initial encounter"),
            ("R26.89", "Other abnormalities of gait and mobility")],
        rom=[("knee flexion", 70, 105, 135), ("knee extension", -15, -5, 0)],
        mmt=["quad", "hamstrings", "hip abduction", "hip extension"],
        outcome=("LEFS", 20, 45, "lefs"),
        tasks=["ascend and descend a flight of stairs reciprocally", "walk 1000 ft in the community",
               "get in and out of the car", "squat to pick up objects from the floor", "kneel in church",
               "return to recreational tennis"],
        mechanism=["a TKA on {date}", "twisting the knee stepping off a curb", "a soccer injury",
                   "progressive arthritis", "a fall at work"],
    ),
    "lumbar": dict(
        dx=[("M54.50", "Low back pain, unspecified"), ("M54.59", "Other low back pain"),
            ("M54.16", "Radiculopathy, lumbar region"), ("M62.830", "Muscle spasm of back"),
            ("M51.26", "Other intervertebral disc displacement, lumbar region"),
            ("S39.012A", "Strain of muscle, fascia and tendon of lower back, initial encounter")],
        rom=[("lumbar flexion", 25, 50, 60), ("lumbar extension", 5, 15, 25),
             ("lumbar side bending", 10, 20, 25)],
        mmt=["hip abduction", "hip extension", "core"],
        outcome=("ODI", 30, 60, "odi"),
        tasks=["sit 60 minutes at the computer", "lift 25 lb from floor to waist", "stand 45 minutes to cook",
               "vacuum the house", "put on shoes and socks", "drive 1 hour to visit family"],
        mechanism=["lifting a box at work", "shoveling snow", "a motor vehicle accident on {date}",
                   "gardening", "no specific injury"],
    ),
    "cervical": dict(
        dx=[("M54.2", "Cervicalgia"), ("M54.12", "Radiculopathy, cervical region"),
            ("S16.1XXA", "Strain of muscle, fascia and tendon at neck level, initial encounter"),
            ("S13.4XXA", "Sprain of ligaments of cervical spine, initial encounter"),
            ("G44.209", "Tension-type headache, unspecified, not intractable")],
        rom=[("cervical rotation R", 35, 60, 80), ("cervical rotation L", 35, 60, 80),
             ("cervical flexion", 25, 40, 50), ("cervical extension", 20, 45, 60)],
        mmt=["deep neck flexors", "middle trap", "lower trap"],
        outcome=("NDI", 24, 50, "odi"),
        tasks=["check the blind spot while driving", "work at the computer for 2 hours",
               "read for 30 minutes", "sleep through the night"],
        mechanism=["a rear-end motor vehicle accident on {date}", "a whiplash injury on {date}",
                   "long hours at the computer", "sleeping in an awkward position"],
    ),
    "hip": dict(
        dx=[("M16.1{s}", "Unilateral primary osteoarthritis, {side} hip"),
            ("M25.55{s}", "Pain in {side} hip"), ("R26.2", "Difficulty in walking, not elsewhere classified"),
            ("Z96.64{s}", "Presence of {side} artificial hip joint")],
        rom=[("hip flexion", 70, 100, 120), ("hip abduction", 15, 30, 45), ("hip IR", 10, 25, 40)],
        mmt=["hip abduction", "hip extension", "hip flexion"],
        outcome=("LEFS", 20, 45, "lefs"),
        tasks=["walk 15 minutes to the mailbox without a device", "climb 12 stairs with one rail",
               "get up from a low chair without using the arms", "return to golf"],
        mechanism=["a THA on {date}", "a fall on the ice", "progressive arthritis"],
    ),
    "ankle": dict(
        dx=[("S93.40{s}A", "Sprain of unspecified ligament of {side} ankle, initial encounter"),
            ("M76.6{s}", "Achilles tendinitis, {side} leg"), ("M72.2", "Plantar fascial fibromatosis"),
            ("M25.57{s}", "Pain in {side} ankle and joints of {side} foot")],
        rom=[("ankle DF", 0, 10, 20), ("ankle PF", 25, 40, 50), ("ankle inversion", 10, 25, 35)],
        mmt=["ankle DF", "ankle PF", "ankle eversion"],
        outcome=("LEFS", 25, 50, "lefs"),
        tasks=["run 2 miles", "walk on uneven ground", "stand 8 hours at work", "hike with family"],
        mechanism=["rolling the ankle playing basketball", "stepping in a pothole", "increasing running mileage"],
    ),
}

SUBJECTIVE_LINES = [
    "Pt reports {feel} since last visit.",
    "Patient states {feel}; was able to {task} with less difficulty.",
    "Pt reports compliance with HEP {hep}.",
    "Reports increased soreness after last session that resolved within 24 hours.",
    "Pt notes pain limits ability to {task}.",
    "Pt states the pain is worse in the morning and eases after moving around.",
    "Denies numbness or tingling. Denies new falls.",
    "Patient reports sleeping better, waking {wake} per night.",
    "Pt arrived 5 minutes late; reports busy week at work.",
    "No changes to medications. Pt took ibuprofen before session.",
]
FEELINGS = ["feeling better overall", "about the same", "slight improvement", "less stiffness",
            "a flare-up after yard work", "good progress", "increased confidence with walking"]
ASSESSMENT_LINES = [
    "Pt tolerated treatment well with no adverse reaction.",
    "Pt is progressing toward goals; {measure} improved since evaluation.",
    "Continued deficits in {region} mobility and strength limit ability to {task}.",
    "Skilled intervention needed for manual therapy and progression of therapeutic exercise to restore function.",
    "Pt demonstrates improved motor control with cues faded from moderate to minimal.",
    "Good rehab potential. Pt is motivated and compliant.",
    "Pt required verbal and tactile cues for proper form during exercises.",
    "Decreased pain and improved mobility allow Pt to {task} with less difficulty.",
]
PLAN_LINES = [
    "Continue per POC.",
    "Continue plan of care; progress resistance as tolerated.",
    "Progress HEP next visit; add eccentric loading.",
    "Reassess {measure} next visit.",
    "Continue manual therapy and therapeutic exercise; begin task-specific training so Pt can {task}.",
    "Pt to continue HEP daily.",
]


# ---------------------------------------------------------------------------------------------
# Small formatters
# ---------------------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def format_date(rng, day, style=None):
    style = style or rng.choice(["iso", "us", "us", "us_short", "long", "us_pad"])
    if style == "iso":
        return day.isoformat()
    if style == "us":
        return f"{day.month}/{day.day}/{day.year}"
    if style == "us_pad":
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if style == "us_short":
        return f"{day.month:02d}/{day.day:02d}/{day.year % 100:02d}"
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def clock12(minutes):
    hour, minute = divmod(minutes, 60)
    suffix = "AM" if hour < 12 else "PM"
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {suffix}"


def clock24(minutes):
    hour, minute = divmod(minutes, 60)
    return f"{hour}:{minute:02d}" if hour < 10 else f"{hour:02d}:{minute:02d}"


def session_line(rng, start, stop):
    """The session's start and stop times in one of the forms charting systems print."""
    form = rng.randrange(6)
    if form == 0:
        return f"Time in {clock12(start)} Time out {clock12(stop)}"
    if form == 1:
        return f"{clock24(start)}-{clock24(stop)}"
    if form == 2:
        return f"Start {clock24(start)} Stop {clock24(stop)}"
    if form == 3:
        return f"Time in: {clock12(start)}   Time out: {clock12(stop)}"
    if form == 4:
        return f"Session time: {clock24(start)} - {clock24(stop)}"
    return f"Start time {clock12(start)}, end time {clock12(stop)}"


def cms_units(minutes_by_code):
    """Units per code under the CMS total-time method (SPEC §4)."""
    total_units = (sum(minutes_by_code.values()) + 7) // 15
    units = {code: m // 15 for code, m in minutes_by_code.items()}
    left = total_units - sum(units.values())
    by_remainder = sorted(minutes_by_code, key=lambda c: (-(minutes_by_code[c] % 15), c))
    for code in by_remainder[:max(0, left)]:
        units[code] += 1
    return units


def ama_units(minutes_by_code):
    """Units per code under the AMA per-code method: each code on its own, 8 minutes a unit."""
    return {code: (m + 7) // 15 if m >= 8 else 0 for code, m in minutes_by_code.items()}


def mmt_grade(score):
    """Manual muscle test grade for a score counted in thirds of a grade: 11 -> 4-, 12 -> 4, 13 -> 4+."""
    score = max(7, min(14, int(round(score))))
    whole, part = divmod(score + 1, 3)
    return f"{whole}{['-', '', '+'][part]}/5" if whole < 5 else "5/5"


# ---------------------------------------------------------------------------------------------
# Episodes of care
# ---------------------------------------------------------------------------------------------

class Episode:
    """One patient's course of care: evaluation, daily notes, progress notes, discharge."""

    def __init__(self, rng, serial, start_day):
        self.rng = rng
        self.sex = rng.choice(["female", "male"])
        self.first = rng.choice(FEMALE_NAMES if self.sex == "female" else MALE_NAMES)
        self.last = rng.choice(LAST_NAMES)
        self.patient_id = rng.choice([str(10000 + serial * 7 + rng.randrange(7)),
                                      f"A{200000 + serial}", f"{serial:06d}"])
        self.id_key = rng.choice(["Patient ID", "Patient ID", "MRN", "MRN", "Client ID"])
        self.dob = start_day - datetime.timedelta(days=rng.randrange(18 * 365, 88 * 365))
        self.discipline = rng.choices(["pt", "ot", "dc", "lmt"], weights=[70, 10, 10, 10])[0]
        self.payer, self.method = rng.choice(PAYERS_BY_DISCIPLINE.get(self.discipline, PAYERS))
        self.provider = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, " \
                        f"{rng.choice(DISCIPLINES[self.discipline][0])}"
        self.assistant = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, PTA"
        self.physician = rng.choice(PHYSICIANS)
        # BCBS IL (HCSC) needs prior authorization for massage; others sometimes have one.
        needs_auth = self.discipline in ("lmt", "dc") and "Illinois" in self.payer
        self.auth = f"{rng.choice(['A', 'PA', 'AUTH'])}{rng.randrange(10**6, 10**7)}" \
            if needs_auth or rng.random() < 0.4 else None
        self.region = rng.choice(list(REGIONS))
        spec = REGIONS[self.region]
        self.side = rng.choice(["R", "L"])
        side_word = "right" if self.side == "R" else "left"
        side_digit = "1" if self.side == "R" else "2"
        picks = rng.sample(spec["dx"], k=min(len(spec["dx"]), rng.choice([1, 2, 2, 3])))
        self.diagnoses = [(code.format(s=side_digit), text.format(side=side_word)) for code, text in picks]
        self.tasks = [t.format(side=side_word) for t in rng.sample(spec["tasks"], k=min(3, len(spec["tasks"])))]
        injury_day = start_day - datetime.timedelta(days=rng.randrange(10, 120))
        if "PIP" in self.payer:
            self.mechanism = rng.choice(["a motor vehicle accident on {date} (rear-ended at a stop light)",
                                         "a car accident on {date}, driver, T-boned at an intersection"])
        elif "Workers" in self.payer:
            self.mechanism = rng.choice(["lifting a 50 lb box at work on {date}", "a fall from a ladder at work on {date}",
                                         "pulling a pallet jack at work on {date}", "repetitive lifting at work"])
        else:
            self.mechanism = rng.choice(spec["mechanism"])
        self.mechanism = self.mechanism.format(date=format_date(rng, injury_day))
        self.injury_day = injury_day
        self.day = start_day
        self.visits_per_week = rng.choice([1, 2, 2, 2, 3, 3])
        self.weeks = rng.choice([4, 6, 6, 8, 8, 12])
        self.planned_visits = self.visits_per_week * self.weeks
        self.length = max(3, min(self.planned_visits + 1, rng.randrange(4, 26)))
        self.ends_with_discharge = rng.random() < 0.7
        self.plateau_from = rng.choice([None, None, None, None, self.length // 2])
        self.visit = 0
        self.measures = self._measures(spec)

    def _measures(self, spec):
        rng = self.rng
        measures = []
        for motion, low, high, normal in rng.sample(spec["rom"], k=min(len(spec["rom"]), rng.choice([1, 2, 2, 3]))):
            start = rng.randrange(low, high + 1)
            measures.append(Measure("rom", motion, start, max(1, (normal - start) / 14), -30, normal, "rom"))
        for muscle in rng.sample(spec["mmt"], k=rng.choice([1, 1, 2])):
            measures.append(Measure("strength", muscle, rng.choice([10, 11, 12]), 0.25, 7, 14, "mmt"))
        measures.append(Measure("pain", "pain", rng.randrange(4, 9), -0.3, 0, 10, "pain"))
        name, low, high, form = spec["outcome"]
        value = rng.randrange(low, high + 1)
        step = (-value / 20) if form in ("odi", "dash") else (80 - value) / 25
        measures.append(Measure("outcome", name, value, step, 0, 80 if form == "lefs" else 100, form))
        if self.region in ("knee", "hip", "ankle") and rng.random() < 0.7:
            test = rng.choice(["TUG", "6MWT", "5xSTS", "SLS"])
            if test == "TUG":
                measures.append(Measure("duration", "TUG", rng.uniform(11, 20), -0.3, 6, 40, "tug"))
            elif test == "6MWT":
                measures.append(Measure("distance", "6MWT", rng.randrange(180, 360), 12, 0, 700, "6mwt"))
            elif test == "5xSTS":
                measures.append(Measure("duration", "5xSTS", rng.uniform(13, 22), -0.4, 6, 40, "sts"))
            else:
                measures.append(Measure("duration", "SLS", rng.uniform(2, 8), 0.8, 0, 30, "sls"))
        return measures

    def done(self):
        return self.visit >= self.length

    def cmt_regions(self, code):
        """Spinal regions adjusted: never the region treated with 97140/97124 (so 59/XS holds)."""
        regions = [r for r in ("cervical", "thoracic", "lumbar", "sacral", "pelvic") if r != self.region]
        return ", ".join(regions[:2] if code == "98940" else regions[:4])

    def soft_tissue_region(self):
        if self.region in ("lumbar", "cervical"):
            return f"{self.region} paraspinals"
        return f"{'R' if self.side == 'R' else 'L'} {self.region}"

    def complaint(self):
        """'right shoulder', 'lumbar'."""
        if self.region in ("lumbar", "cervical"):
            return self.region
        return f"{'right' if self.side == 'R' else 'left'} {self.region}"

    def next_kind(self):
        if self.visit == 0:
            return "evaluation"
        if self.visit == self.length - 1 and self.ends_with_discharge:
            return "discharge"
        if self.visit % 10 == 0:
            return "progress"
        return "daily"

    def advance_day(self):
        gap = {1: [6, 7, 7, 8], 2: [2, 3, 4, 5], 3: [1, 2, 2, 3]}[self.visits_per_week]
        self.day += datetime.timedelta(days=self.rng.choice(gap))
        if self.day.weekday() >= 5:
            self.day += datetime.timedelta(days=7 - self.day.weekday())


# ---------------------------------------------------------------------------------------------
# One note: content as (heading, lines) blocks, then rendered in a style
# ---------------------------------------------------------------------------------------------

class NoteWriter:
    """Builds one note of an episode; `render` turns it into text in one of many styles."""

    def __init__(self, rng, episode, kind, defect):
        self.rng, self.ep, self.kind, self.defect = rng, episode, kind, defect
        self.markdown = False
        assisted = kind == "daily" and episode.discipline == "pt" and rng.random() < 0.2
        self.provider = episode.assistant if assisted else episode.provider

    # -- measurements ------------------------------------------------------------------------

    def side_word(self):
        return self.rng.choice(SIDES[self.ep.side])

    def measure_text(self, m):
        rng = self.rng
        if m.fmt == "rom":
            value = int(round(m.value))
            spine = m.name.split()[0] in ("lumbar", "cervical")
            unit = rng.choice(["°", "°", "°", " deg", " degrees"])
            mode = rng.choice(["AROM", "AROM", "PROM"])
            if spine:
                return rng.choice([f"{m.name.capitalize()} {mode} {value}{unit}",
                                   f"{m.name.capitalize()}: {value}{unit}",
                                   f"{mode} {m.name}: {value}{unit}"])
            side = self.side_word()
            return rng.choice([f"{side} {m.name} {mode} {value}{unit}",
                               f"{m.name.capitalize()} ({side}) {mode}: {value}{unit}",
                               f"{mode} {side} {m.name} {value}{unit}"])
        if m.fmt == "mmt":
            grade = mmt_grade(m.value)
            return rng.choice([f"MMT {self.side_word()} {m.name} {grade}",
                               f"{m.name.capitalize()} strength {self.side_word()} {grade}",
                               f"Strength: {m.name} {grade}"])
        if m.fmt == "pain":
            value = int(round(m.value))
            if self.defect == "pain_out_of_scale":
                value = rng.choice([11, 12, 15])
            if rng.random() < 0.25 and value < 10:
                return rng.choice([f"Pain {value}-{value + 1}/10", f"NPRS {value}-{value + 1}/10"])
            return rng.choice([f"Pain {value}/10", f"Pain: {value}/10", f"NPRS {value}/10",
                               f"VAS {value}/10", f"Pain {value}/10 at worst"])
        if m.fmt == "odi":
            value = int(round(m.value))
            return rng.choice([f"{m.name} {value}%", f"{m.name}: {value}%",
                               f"{'Oswestry Disability Index' if m.name == 'ODI' else 'Neck Disability Index'} {value}%"])
        if m.fmt == "dash":
            return rng.choice([f"QuickDASH {m.value:.1f}", f"QuickDASH: {int(round(m.value))}%"])
        if m.fmt == "lefs":
            return rng.choice([f"LEFS {int(round(m.value))}/80", f"LEFS: {int(round(m.value))}/80"])
        if m.fmt == "tug":
            return rng.choice([f"TUG {int(round(m.value))} sec", f"TUG: {m.value:.1f} s",
                               f"Timed Up and Go {m.value:.1f} seconds"])
        if m.fmt == "sts":
            return rng.choice([f"5xSTS {m.value:.1f} sec", f"Five times sit to stand: {m.value:.1f} s"])
        if m.fmt == "sls":
            return f"SLS {self.side_word()} {int(round(m.value))} sec"
        if m.fmt == "6mwt":
            if rng.random() < 0.3:
                return f"6MWT {int(round(m.value * 3.28084))} ft"
            return rng.choice([f"6MWT {int(round(m.value))} m", f"6 minute walk test: {int(round(m.value))} m"])
        raise ValueError(m.fmt)

    def objective_lines(self):
        measures = list(self.ep.measures)
        if self.kind == "daily":
            measures = self.rng.sample(measures, k=self.rng.randint(1, len(measures)))
        # Pain is often reported only in Subjective; keep it when it is the only measure sampled.
        lines = [self.measure_text(m) for m in measures
                 if m.kind != "pain" or len(measures) == 1 or self.rng.random() < 0.5]
        if self.defect == "pain_out_of_scale" and not any("/10" in line for line in lines):
            lines.append(f"Pain {self.rng.choice([11, 12])}/10")
        if self.rng.random() < 0.3:
            lines.append(self.rng.choice(["Palpation: tenderness over {r} musculature, guarding noted.",
                                          "Observation: antalgic gait, decreased stance time on involved side.",
                                          "Posture: forward head, rounded shoulders.",
                                          "Edema: mild, unchanged from last visit."]).format(r=self.ep.region))
        return lines

    # -- interventions and billing ---------------------------------------------------------------

    def choose_codes(self):
        rng, disc = self.rng, self.ep.discipline
        if disc == "lmt":
            return ["97124"] + (["97140"] if self.defect == "massage_and_manual" else [])
        if disc == "dc":
            codes = [rng.choice(["97140", "97140", "97124"]), rng.choice(["97110", "97112", "97530"])]
            return codes[:rng.choice([1, 2])]
        pool = ["97110", "97140", "97112", "97530"] if disc in ("pt", "pta") else ["97530", "97535", "97110", "97112"]
        codes = rng.sample(pool, k=rng.choice([1, 2, 2, 3, 3]))
        if self.ep.region in ("knee", "hip", "ankle") and rng.random() < 0.2:
            codes.append("97116")
        if self.defect == "massage_and_manual":
            codes = ["97140", "97124"]
        return codes

    def billing(self):
        """CPT lines, session time and totals; returns (lines, session minutes) with units that
        match the minutes under the payer's method, except for a deliberate billing defect."""
        rng, ep = self.rng, self.ep
        minutes = {code: rng.choice([8, 10, 12, 13, 15, 15, 18, 20, 23, 25, 28, 30, 38])
                   for code in self.choose_codes()}
        if self.kind == "evaluation":
            for code in list(minutes)[1:]:
                del minutes[code]
        units = cms_units(minutes) if ep.method == "cms" else ama_units(minutes)
        untimed = []
        if self.kind == "evaluation" and DISCIPLINES[ep.discipline][1]:
            untimed.append((DISCIPLINES[ep.discipline][1], DISCIPLINES[ep.discipline][2], 0))
        if self.kind == "progress" and ep.discipline == "pt" and rng.random() < 0.3:
            untimed.append(("97164", "PT re-evaluation", 0))
        if ep.discipline == "dc":
            code = rng.choice(list(CHIRO_CODES))
            untimed.append((code, f"{CHIRO_CODES[code]} ({ep.cmt_regions(code)})", 0))
        if ep.discipline in ("pt", "dc") and rng.random() < 0.25:
            # 97012 forms NCCI pairs with 97140, 97124 and the evaluation codes; keep clean notes clean.
            pairs_with_traction = {"97140", "97124"} & set(minutes) or untimed
            choices = [c for c in UNTIMED_CODES if c != "97012" or not pairs_with_traction]
            code = rng.choice(choices)
            untimed.append((code, rng.choice(UNTIMED_CODES[code]), rng.choice([10, 15])))

        bad_units_code = None
        if self.defect == "units_over_minutes" and minutes:
            bad_units_code = rng.choice(sorted(minutes))
            units[bad_units_code] += rng.choice([1, 2])
        no_minutes_code = rng.choice(sorted(minutes)) if self.defect == "missing_minutes" and minutes else None

        chiro = ep.discipline == "dc"
        lines = []
        for code in minutes:
            modifier = ""
            if chiro and code in ("97140", "97124", "97112"):
                modifier = rng.choice(["-59", " XS", "-59", "-XS"])
            elif ep.method == "cms" and "Medicare" in ep.payer and rng.random() < 0.5:
                modifier = rng.choice(["-GP", " GP"])
            lines.append(self.cpt_line(code, modifier, None if code == no_minutes_code else minutes[code],
                                       units[code], detailed=bool(modifier.strip(" -").startswith(("59", "X")))))
        for code, description, used in untimed:
            units_text = " x2 units" if self.defect == "untimed_two_units" and code == "97010" else ""
            extra = f" {used} min" if used and rng.random() < 0.5 else ""
            lines.append(rng.choice([f"{code} {description}{extra}{units_text}",
                                     f"CPT {code} - {description}{units_text}"]))

        timed_total = sum(minutes.values())
        untimed_total = sum(used for _, _, used in untimed) + (rng.choice([15, 20, 30]) if self.kind == "evaluation" else 0)
        session = timed_total + untimed_total + rng.choice([0, 0, 2, 5, 8])
        start = rng.randrange(7 * 60, 17 * 60, 5) + rng.choice([0, 1, 2, 3])
        stop = start + session
        if self.defect == "stop_before_start":
            start, stop = stop, start
        lines.append(session_line(rng, start, stop))
        if ep.method == "cms" or rng.random() < 0.5:
            stated_timed = timed_total + (rng.choice([5, 10, -5]) if self.defect == "total_mismatch" else 0)
            lines.append(rng.choice([f"Total timed minutes: {stated_timed}", f"Total timed code minutes: {stated_timed}",
                                     f"Timed minutes: {stated_timed}"]))
            lines.append(rng.choice([f"Total treatment time: {session} min", f"Total treatment time: {session} minutes",
                                     f"Total time: {session} min"]))
        return lines

    def cpt_line(self, code, modifier, minutes, units, detailed=False):
        """One timed CPT line; `detailed` lines name what was done where (needed with 59/X)."""
        rng = self.rng
        name = rng.choice(TIMED_CODES[code])
        what = self.treatment_detail(code)
        unit_word = "unit" if units == 1 else "units"
        if minutes is None:
            return rng.choice([f"{code}{modifier} {name} x{units}", f"{code}{modifier} {name} ({units} {unit_word})"])
        if detailed:
            where = self.ep.soft_tissue_region()
            return rng.choice([f"{code}{modifier} {name} ({what}, {where}) {minutes} min, {units} {unit_word}",
                               f"{code}{modifier} {name} to {where} {minutes} min x{units}",
                               f"{code}{modifier} {minutes} minutes {units} {unit_word} to {where}"])
        form = rng.randrange(7)
        if form == 0:
            return f"{code}{modifier} {name} {minutes} min x{units}"
        if form == 1:
            return f"{code}{modifier} ({units} {unit_word}) {minutes}'"
        if form == 2:
            return f"{code}{modifier} {minutes} minutes {units} {unit_word}"
        if form == 3:
            return f"{code}{modifier} {name} ({what}) {minutes} min, {units} {unit_word}"
        if form == 4:
            return f"- {code}{modifier} {name}: {minutes} minutes ({units} {unit_word})"
        if form == 5:
            return f"CPT {code}{modifier} {name} - {minutes} min - {units} {unit_word}"
        return f"{name} ({code}{modifier}) x {units} {unit_word}, {minutes} min"

    def treatment_detail(self, code):
        region = self.ep.region
        return {
            "97110": f"{region} strengthening, stretching",
            "97112": "balance and proprioceptive training",
            "97116": "gait training with SPC on level surfaces",
            "97140": "joint mobilization grade III, STM",
            "97530": "functional lifting and transfers",
            "97535": "ADL retraining, dressing",
            "97124": "effleurage and petrissage",
            "97035": "ultrasound 1 MHz",
        }.get(code, "")

    # -- goals and plan -------------------------------------------------------------------------

    def goal_lines(self):
        rng, ep = self.rng, self.ep
        lines = []
        deadline = ep.day + datetime.timedelta(weeks=ep.weeks)
        numbered = rng.random() < 0.5
        goals = []
        for term in ("short", "long"):
            for _ in range(rng.choice([1, 2])):
                goals.append((term, self.goal_text(term, deadline)))
        if self.defect == "goal_not_functional":
            goals.append(("long", "Pt will feel more relaxed and less stressed."))
        if numbered:
            for i, (_, text) in enumerate(goals, 1):
                lines.append(f"{i}. {text}")
        else:
            for term, text in goals:
                label = rng.choice(["STG", "STG:", "Short-term goal:"] if term == "short" else ["LTG", "LTG:", "Long-term goal:"])
                lines.append(f"{label} {text}")
        return lines

    def goal_text(self, term, deadline):
        rng, ep = self.rng, self.ep
        weeks = max(2, ep.weeks // 2) if term == "short" else ep.weeks
        when = rng.choice([f"in {weeks} weeks", f"within {weeks} weeks",
                           f"by {format_date(rng, deadline, rng.choice(['iso', 'us']))}", f"in {weeks * ep.visits_per_week} visits"])
        task = rng.choice(ep.tasks)
        measure = rng.choice(ep.measures)
        subject = rng.choice(["Pt will", "Patient will", "Client will"])
        if measure.fmt == "rom":
            return f"{subject} increase {measure.name} AROM to {int(measure.high * 0.85 // 5 * 5)}° to {task} {when}."
        if measure.fmt == "pain":
            return f"{subject} {task} with pain {rng.choice(['≤ 3/10', 'no greater than 2/10', '<3/10'])} {when}."
        if measure.fmt == "lefs":
            return f"{subject} improve LEFS to {min(80, int(measure.value) + 20)}/80 to {task} {when}."
        if measure.fmt in ("odi", "dash"):
            return f"{subject} decrease {measure.name} to {max(10, int(measure.value) - 20)}% to {task} {when}."
        return f"{subject} {task} independently {when}."

    def plan_of_care_lines(self):
        rng, ep = self.rng, self.ep
        freq = rng.choice([f"{ep.visits_per_week}x/week", f"{ep.visits_per_week}x/wk",
                           {1: "once weekly", 2: "twice weekly", 3: "3 times per week"}[ep.visits_per_week],
                           f"{ep.visits_per_week} times per week"])
        duration = rng.choice([f"for {ep.weeks} weeks", f"x {ep.weeks} weeks", f"x {ep.planned_visits} visits",
                               f"for {ep.weeks} wks"])
        lines = [rng.choice([f"Frequency: {freq}  Duration: {duration.split(' ', 1)[1]}",
                             f"Pt to be seen {freq} {duration}.",
                             f"Plan: {freq} {duration} to address deficits listed above.",
                             f"Frequency/Duration: {freq} {duration}"])]
        lines.append("Interventions: " + ", ".join(rng.sample(
            ["therapeutic exercise", "manual therapy", "neuromuscular re-education", "gait training",
             "therapeutic activities", "home exercise program", "modalities PRN", "patient education"], k=4)) + ".")
        if ep.discipline == "lmt":
            lines.append("Medical massage per physician referral to restore function.")
        return lines

    # -- whole note -------------------------------------------------------------------------------

    def header_fields(self):
        rng, ep = self.rng, self.ep
        fields = []
        if rng.random() < 0.8:
            fields.append(("Patient" if ep.id_key != "Client ID" else "Client", f"{ep.first} {ep.last}"))
        fields.append((ep.id_key, ep.patient_id))
        if rng.random() < 0.6:
            fields.append(("DOB", format_date(rng, ep.dob, rng.choice(["us_pad", "iso", "us"]))))
        if self.defect != "missing_date":
            fields.append((rng.choice(["Date of Service", "Date of Service", "DOS", "Date"]), format_date(rng, ep.day)))
        fields.append((rng.choice(["Payer", "Insurance"]), ep.payer))
        fields.append((rng.choice(["Provider", "Therapist", "Provider"]), self.provider))
        kind_text = {"evaluation": ["Initial Evaluation", "Evaluation", "Initial evaluation / plan of care"],
                     "daily": ["Daily note", "Daily treatment note", "Treatment note", "Daily"],
                     "progress": ["Progress note", "Progress report", "Re-evaluation"],
                     "discharge": ["Discharge summary", "Discharge"]}[self.kind]
        if rng.random() < 0.7 or (self.kind == "evaluation" and not DISCIPLINES[ep.discipline][1]):
            fields.append(("Note type", rng.choice(kind_text)))
        if self.kind in ("evaluation", "progress") or rng.random() < 0.3:
            fields.append((rng.choice(["Referring physician", "Referral", "Rx"]), f"Dr. {ep.physician}"))
        if ep.auth and self.defect != "missing_auth":
            fields.append((rng.choice(["Auth #", "Authorization", "Auth #"]), ep.auth))
        if "Workers" in ep.payer or "PIP" in ep.payer:
            fields.append(("Date of injury" if "Workers" in ep.payer else "Date of accident", format_date(rng, ep.injury_day)))
            if self.kind == "evaluation" or rng.random() < 0.5:
                fields.append(("Mechanism of injury", ep.mechanism[0].upper() + ep.mechanism[1:]))
        if self.kind in ("evaluation", "progress") or rng.random() < 0.5:
            fields.append(("Diagnosis", "; ".join(self.dx_text())))
        return fields

    def dx_text(self):
        rng = self.rng
        out = []
        for code, text in self.ep.diagnoses:
            if self.defect == "bad_icd" and not out:
                code = rng.choice(["M54.5", "724.2", "M54.5.1"])
            elif rng.random() < 0.15:
                code = code.replace(".", "")
            out.append(f"{code} {text}" if rng.random() < 0.8 else f"{text} ({code})")
        return out

    def subjective(self):
        rng, ep = self.rng, self.ep
        if self.kind == "evaluation":
            age = (ep.day - ep.dob).days // 365
            lines = [f"Pt is a {age} y/o {ep.sex} referred for {ep.complaint()} pain "
                     f"after {ep.mechanism}. Reports being unable to {ep.tasks[0]} or {ep.tasks[-1]} without pain.",
                     f"Pain {rng.randrange(5, 9)}/10 at worst, {rng.randrange(1, 4)}/10 at best."]
            if ep.discipline == "lmt":
                lines.append("Client referred for medical massage for muscle guarding limiting work duties.")
        else:
            lines = [rng.choice(SUBJECTIVE_LINES).format(feel=rng.choice(FEELINGS), task=rng.choice(ep.tasks),
                                                         hep=rng.choice(["daily", "4-5 days/week", "most days"]),
                                                         wake=rng.choice(["once", "twice", "1-2 times"]))
                     for _ in range(rng.choice([1, 2, 2, 3]))]
        if self.defect == "relaxation":
            lines.append(rng.choice(["Client requested relaxation massage for stress relief.",
                                     "Pt here for relaxation massage; reports a stressful week.",
                                     "Wellness visit: full-body Swedish massage for relaxation and stress relief."]))
        return lines

    def assessment(self):
        rng, ep = self.rng, self.ep
        measure = rng.choice(ep.measures).name
        lines = [rng.choice(ASSESSMENT_LINES).format(measure=measure, region=ep.region, task=rng.choice(ep.tasks))
                 for _ in range(rng.choice([1, 2, 2]))]
        if self.kind == "discharge":
            lines.append(rng.choice(["Pt has met all goals and is independent with HEP.",
                                     "Pt met 3 of 4 goals; remaining deficits addressed with HEP.",
                                     "Pt has plateaued; maximum benefit from skilled therapy reached."]))
        if self.kind == "evaluation":
            lines.append(f"Pt would benefit from skilled {'therapy' if ep.discipline != 'lmt' else 'medical massage'} "
                         f"to address impairments limiting ability to {ep.tasks[0]}.")
        return lines

    def plan(self):
        rng, ep = self.rng, self.ep
        if self.kind == "discharge":
            return ["Discharge from skilled therapy to independent HEP.", "Return to MD PRN."]
        if self.kind == "evaluation":
            return self.plan_of_care_lines()
        lines = [rng.choice(PLAN_LINES).format(measure=rng.choice(ep.measures).name, task=rng.choice(ep.tasks))]
        if self.kind == "progress":
            lines += self.plan_of_care_lines()[:1]
        return lines

    def blocks(self):
        """The note as ordered (section, lines) pairs; section None holds unlabelled lines."""
        blocks = [("subjective", self.subjective()), ("objective", self.objective_lines()),
                  ("assessment", self.assessment()), ("plan", self.plan())]
        if self.kind in ("evaluation", "progress") and self.defect != "no_goals":
            blocks.append(("goals", self.goal_lines()))
        if self.kind == "progress" and self.rng.random() < 0.5:
            blocks[2][1].append(self.rng.choice(["STG 1: met.", "STG 2: progressing.", "LTG 1: partially met."]))
        return blocks

    def signature(self):
        rng, ep = self.rng, self.ep
        if self.defect == "missing_signature":
            return []
        who = self.provider
        return [rng.choice([who, f"Electronically signed by {who} on {format_date(rng, ep.day)}",
                            f"Signed: {who} {format_date(rng, ep.day)}", f"{who}\nLic # {rng.randrange(10**5, 10**6)}"])]


# ---------------------------------------------------------------------------------------------
# Rendering styles
# ---------------------------------------------------------------------------------------------

SECTION_WORDS = {"subjective": "Subjective", "objective": "Objective", "assessment": "Assessment",
                 "plan": "Plan", "goals": "Goals"}


def heading_case(rng, word):
    return rng.choice([word.upper(), word.upper(), word, word.lower()])


def render_note(rng, writer):
    """Header fields, SOAP blocks in one style, billing, signature -> text with LF line ends."""
    markdown = writer.markdown
    style = rng.choice(["md_h2", "md_h2", "md_bold"]) if markdown else rng.choices(
        ["colon", "line", "letter", "letter_paren", "run_in", "mtsamples"], weights=[35, 20, 12, 6, 12, 15])[0]
    fields = writer.header_fields()
    blocks = writer.blocks()
    billing = writer.billing()
    out = []
    if markdown:
        discipline = {"pt": "Physical Therapy", "ot": "Occupational Therapy", "dc": "Chiropractic",
                      "lmt": "Medical Massage"}[writer.ep.discipline]
        title = discipline + {"evaluation": " Initial Evaluation", "daily": " Daily Note",
                              "progress": " Progress Report", "discharge": " Discharge Summary"}[writer.kind]
        out.append(f"# {title}")
        out.append("")
        out += [f"**{k}:** {v}" for k, v in fields]
    else:
        out += [f"{k}: {v}" for k, v in fields]
    out.append("")

    combine_ap = style not in ("letter", "letter_paren") and rng.random() < 0.2
    if combine_ap:
        merged = [b for b in blocks if b[0] not in ("assessment", "plan")]
        ap = blocks[2][1] + blocks[3][1]
        merged.insert(2, ("assessment_plan", ap))
        blocks = merged

    if style in ("run_in", "mtsamples"):
        out += render_flat(rng, style, blocks)
    else:
        plan_of_care = writer.kind == "evaluation" and rng.random() < 0.3
        for name, lines in blocks:
            out.append(heading(rng, style, name, plan_of_care))
            if style in ("letter", "letter_paren") and name != "goals" and lines and rng.random() < 0.5:
                out[-1] = f"{out[-1]} {lines[0]}"
                lines = lines[1:]
            out += lines
            out.append("")

    billing_heading = rng.choice(["Billing:", "TREATMENT:", "Interventions:", "Charges:", "CPT:", "Treatment provided:"])
    out.append(f"## {billing_heading.rstrip(':')}" if markdown and style == "md_h2" else billing_heading)
    out += billing
    out.append("")
    out += writer.signature()
    return "\n".join(out).rstrip("\n") + "\n"


def heading(rng, style, name, plan_of_care=False):
    if name == "assessment_plan":
        word = rng.choice(["Assessment/Plan", "A/P", "Assessment and Plan", "ASSESSMENT/PLAN", "ASSESSMENT AND PLAN"])
    elif name == "plan" and plan_of_care:
        word = "Plan of Care"
    else:
        word = SECTION_WORDS[name]
    if style == "md_h2":
        return f"## {word}"
    if style == "md_bold":
        return f"**{word}:**"
    if word == "A/P":
        return "A/P:"
    if style == "colon":
        return f"{heading_case(rng, word)}:"
    if style == "line":
        return heading_case(rng, word)
    if name in ("goals", "assessment_plan"):
        return f"{word}:"
    letter = word[0].upper()
    return f"{letter}:" if style == "letter" else f"{letter})"


def run_in_heading(rng, name, upper):
    word = heading(rng, "md_bold", name)[2:-3]
    return f"{word.upper() if upper else word}:"


def render_flat(rng, style, blocks):
    """Run-in headings inside one paragraph, or the MTSamples comma-for-newline form."""
    if style == "mtsamples":
        parts = []
        for name, lines in blocks:
            word = heading(rng, "colon", name).upper()
            parts.append(word + rng.choice(["", " "]))
            parts += [rng.choice(["  ", " ", ""]) + line for line in lines]
        return [",".join(parts)]
    # Run-in headings are upper case (transcription style) or title case, never lower case:
    # "assessment:" inside a sentence is prose, not a heading.
    upper = rng.random() < 0.7
    paragraph = " ".join(f"{run_in_heading(rng, name, upper)} {' '.join(lines)}" for name, lines in blocks)
    if rng.random() < 0.5:
        return textwrap.wrap(paragraph, width=rng.choice([78, 100, 120]), break_on_hyphens=False)
    return [paragraph]


# ---------------------------------------------------------------------------------------------
# Files: encodings, separators, episodes spread over files
# ---------------------------------------------------------------------------------------------

DEFECTS = ["missing_minutes", "units_over_minutes", "pain_out_of_scale", "relaxation", "bad_icd",
           "missing_date", "stop_before_start", "missing_signature", "total_mismatch", "untimed_two_units",
           "massage_and_manual", "goal_not_functional", "no_goals", "missing_auth"]

CP1252_FALLBACK = {"≤": "<=", "≥": ">="}


def encode(text, encoding, crlf):
    if crlf:
        text = text.replace("\n", "\r\n")
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "utf-8-bom":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == "utf-16le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "cp1252":
        for char, ascii_form in CP1252_FALLBACK.items():
            text = text.replace(char, ascii_form)
        return text.encode("cp1252")
    raise ValueError(encoding)


def choose_encoding(rng):
    """(encoding, CRLF?) for one file; Windows exports are CRLF more often than not."""
    encoding = rng.choices(["utf-8", "utf-8-bom", "cp1252", "utf-16le-bom"], weights=[78, 5, 9, 8])[0]
    crlf = rng.random() < (0.7 if encoding in ("cp1252", "utf-16le-bom") else 0.12)
    return encoding, crlf


class Corpus:
    def __init__(self, seed, out_dir):
        self.rng = random.Random(seed)
        self.out_dir = out_dir
        self.serial = 0
        self.active = [self.new_episode() for _ in range(24)]
        self.stats = {"seed": seed, "files": 0, "notes": 0, "bytes": 0, "kinds": {}, "encodings": {},
                      "crlf_files": 0, "defects": {}, "episodes": 0, "styles_markdown_files": 0}
        self.manifest = []

    def new_episode(self):
        self.serial += 1
        start = FIRST_START_DAY + datetime.timedelta(days=self.rng.randrange(START_DAYS))
        return Episode(self.rng, self.serial, start)

    def next_note(self, episode, markdown):
        rng = self.rng
        kind = episode.next_kind()
        defect = rng.choice(DEFECTS) if rng.random() < DEFECT_RATE else None
        writer = NoteWriter(rng, episode, kind, defect)
        writer.markdown = markdown
        text = render_note(rng, writer)
        plateau = episode.plateau_from is not None and episode.visit >= episode.plateau_from
        for measure in episode.measures:
            measure.advance(rng, plateau)
        episode.visit += 1
        episode.advance_day()
        self.count(kind, defect)
        return text

    def count(self, kind, defect):
        self.stats["notes"] += 1
        self.stats["kinds"][kind] = self.stats["kinds"].get(kind, 0) + 1
        if defect:
            self.stats["defects"][defect] = self.stats["defects"].get(defect, 0) + 1

    def pick_episode(self, preferred):
        """An active episode, favouring the few this file already follows; replaces finished ones."""
        rng = self.rng
        if preferred and rng.random() < 0.75:
            index = rng.choice(preferred)
        else:
            index = rng.randrange(len(self.active))
            if len(preferred) < 4:
                preferred.append(index)
        if self.active[index].done():
            self.active[index] = self.new_episode()
            self.stats["episodes"] += 1
        return self.active[index]

    def write_file(self, index, target_bytes):
        rng = self.rng
        markdown = rng.random() < 0.15
        encoding, crlf = choose_encoding(rng)
        separator = rng.choices(["---", "***", "===", "\f"], weights=[85, 5, 5, 5])[0]
        preferred = []
        notes, size, count = [], 0, 0
        while size < target_bytes or count == 0:
            text = self.next_note(self.pick_episode(preferred), markdown)
            notes.append(text)
            count += 1
            size += len(text.encode("utf-8")) * (2 if encoding == "utf-16le-bom" else 1) + 4
        body = f"\n{separator}\n\n".join(notes)
        data = encode(body, encoding, crlf)
        name = os.path.join(f"batch-{index // 250:03d}",
                            f"{'export' if count > 1 else 'note'}-{index:05d}.{'md' if markdown else 'txt'}")
        path = os.path.join(self.out_dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
        self.stats["files"] += 1
        self.stats["bytes"] += len(data)
        self.stats["encodings"][encoding] = self.stats["encodings"].get(encoding, 0) + 1
        self.stats["crlf_files"] += int(crlf)
        self.stats["styles_markdown_files"] += int(markdown)
        self.manifest.append((name, count, len(data), encoding, "crlf" if crlf else "lf"))
        return len(data)


def generate(seed, megabytes, out_dir, files=None):
    corpus = Corpus(seed, out_dir)
    total = int(megabytes * MB)
    index = 0
    while corpus.stats["bytes"] < total and (files is None or index < files):
        remaining = total - corpus.stats["bytes"]
        if files is None:
            target = min(remaining, corpus.rng.choice([1500, 4000, 8000, 15000, 20000, 30000, 45000]))
        else:
            target = max(1, remaining // (files - index))
        corpus.write_file(index, target)
        index += 1
    corpus.stats["episodes"] += len(corpus.active)
    return corpus


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--megabytes", type=float, required=True, help="corpus size in MB (10^6 bytes, on disk)")
    parser.add_argument("--out", required=True, help="output directory (created; must be empty or absent)")
    parser.add_argument("--files", type=int, default=None, help="number of files (default: sizes vary, 1.5-45 kB)")
    parser.add_argument("--manifest", default=None,
                        help="write a TSV of file, notes, bytes, encoding, line ends here (outside --out)")
    args = parser.parse_args(argv)
    if args.megabytes <= 0 or (args.files is not None and args.files < 1):
        parser.error("--megabytes must be > 0 and --files >= 1")
    if os.path.isdir(args.out) and os.listdir(args.out):
        parser.error(f"{args.out} is not empty; remove it first (output must not mix with an older corpus)")
    os.makedirs(args.out, exist_ok=True)
    corpus = generate(args.seed, args.megabytes, args.out, args.files)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("file\tnotes\tbytes\tencoding\tline_ends\n")
            for row in corpus.manifest:
                handle.write("\t".join(str(v) for v in row) + "\n")
    stats = dict(corpus.stats, megabytes=args.megabytes)
    json.dump(stats, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
