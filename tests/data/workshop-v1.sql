-- A workshop file as labdesk wrote it when released at schema version 1 (commit c3d990a),
-- dumped with sqlite3's iterdump: the demo day, then with that release's store functions the
-- day as run (four items' actual times, the timer paused in the fourth), groups for a session,
-- an organiser's template, a setting and an asset, a walk-in checked in at Desk 2, postcards
-- printed for every card and one posted, and one person erased on request. Never edit: it is
-- what a released file holds (tests/test_upgrade_from_v1.py opens it with today's labdesk).
BEGIN TRANSACTION;
CREATE TABLE activity_templates (
            key TEXT PRIMARY KEY,
            data TEXT NOT NULL               -- JSON, same shape as resources/activities/*.json
        );
INSERT INTO "activity_templates" VALUES('own-troika','{"key": "own-troika", "title": "Our troika", "kind": "welcome", "summary": "Adapted from Arrival, coffee and check-in", "source": "", "notes": "", "group_size": 0, "duration_min": 0, "phases": [{"name": "Arrival", "duration_s": 1800, "prompt": "Welcome! Get a coffee, find a seat, say hello.", "rounds": 1, "group_size": 0, "auto_advance": false, "notes": ""}]}');
CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'session',
            duration_min INTEGER NOT NULL CHECK (duration_min >= 0),
            fixed_start TEXT,                -- 'HH:MM' or NULL
            activity TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        );
INSERT INTO "agenda_items" VALUES(1,0,'Arrival, coffee and check-in','welcome',30,NULL,'','');
INSERT INTO "agenda_items" VALUES(2,1,'Welcome and networking pairs','welcome',30,NULL,'impromptu-networking','Keep the welcome short. Three rounds, a new partner each round.');
INSERT INTO "agenda_items" VALUES(3,2,'Session 1: Sharing the learning and exploring solutions','session',75,NULL,'troika-consulting','Jo summarises 12 months of learning: six high-level problems and possible solutions. Then Troika Consulting on attendees'' own local challenges.');
INSERT INTO "agenda_items" VALUES(4,3,'Break','break',15,NULL,'','');
INSERT INTO "agenda_items" VALUES(5,4,'Session 2: Testing new ideas: what did we learn?','session',60,NULL,'presentations','Five test teams, 8 minutes each plus 3 minutes of questions.');
INSERT INTO "agenda_items" VALUES(6,5,'Lunch','lunch',45,'13:00','','');
INSERT INTO "agenda_items" VALUES(7,6,'Session 3: The importance of influencing in your system','session',60,NULL,'influencing-trios','Adapted from ''Speaking up, Listening up'' (NHS Leadership Academy). Reassure people about the role play: the point is the feedback.');
INSERT INTO "agenda_items" VALUES(8,7,'Break','break',15,NULL,'','');
INSERT INTO "agenda_items" VALUES(9,8,'Session 4: Networking and taking action','session',45,NULL,'commitment-cards','Commitment cards double as postcards, posted back in three weeks.');
INSERT INTO "agenda_items" VALUES(10,9,'Close and next steps','close',15,NULL,'','');
CREATE TABLE assets (
            name TEXT PRIMARY KEY,           -- e.g. 'postcard_artwork'
            mime TEXT NOT NULL,
            data BLOB NOT NULL
        );
INSERT INTO "assets" VALUES('postcard_artwork','image/png',X'89504E470D0A1A0A000000000000000000000000000000000000000000000000');
CREATE TABLE attendees (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            given_name TEXT NOT NULL DEFAULT '',
            family_name TEXT NOT NULL DEFAULT '',
            sort_name TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            access_needs TEXT NOT NULL DEFAULT '',
            dietary_needs TEXT NOT NULL DEFAULT '',
            ticket_type TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'attending',
            consent_postcard INTEGER NOT NULL DEFAULT 0,
            consent_contact INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            erased_at TEXT
        );
INSERT INTO "attendees" VALUES(1,'Siân Jones','Siân','Jones','jones sian','Mind','Policy officer','sian.jones@example.org','','','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(2,'Llŷr Evans','Llŷr','Evans','evans llyr','Q Lab','Programme officer','llyr.evans@example.org','55 Demo Avenue
Kingston upon Thames
KT2 7QB','Seat near the front','Halal','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(3,'Zoë Nowak','Zoë','Nowak','nowak zoe','Health Innovation Network','Clinical psychologist','zoe.nowak@example.org','','','Gluten free','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(4,'Aoife Ó Súilleabháin','Aoife','Ó Súilleabháin','o suilleabhain aoife','Sydenham Gardens','Garden therapist','aoife.o.suilleabhain@example.org','','Step-free access','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(5,'Bjørn Larsen','Bjørn','Larsen','larsen bjorn','St George''s University Hospitals NHS FT','Pain consultant','bjrn.larsen@example.org','130 Demo Avenue
Kingston upon Thames
KT2 7QB','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(6,'Priya Sharma','Priya','Sharma','sharma priya','Kingston Hospital NHS FT','Occupational therapist','priya.sharma@example.org','9 Placeholder Close
London
SE23 8TR','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(7,'Mohammed Rahman','Mohammed','Rahman','rahman mohammed','Powys Teaching Health Board','Physiotherapy lead','mohammed.rahman@example.org','30 Fictional Lane
Cardiff
CF10 1ZS','','Vegetarian','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(8,'Grace O''Neill','Grace','O''Neill','o''neill grace','Keele University','Senior lecturer','grace.oneill@example.org','','Seat near the front','Gluten free','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(9,'Bethan Smith-Jones','Bethan','Smith-Jones','smith-jones bethan','Midlands Partnership NHS Foundation Trust','Psychologist','bethan.smith-jones@example.org','','Seat near the front','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(10,'Ruth Fuchs','Ruth','Fuchs','fuchs ruth','Robert Jones and Agnes Hunt Orthopaedic Hospital','Clinical lead','ruth.fuchs@example.org','','','Halal','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(11,'Chidi Okafor','Chidi','Okafor','okafor chidi','Equally Well UK','Network coordinator','chidi.okafor@example.org','','Step-free access','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(12,'Hannah Cohen','Hannah','Cohen','cohen hannah','The Richmond Group of Charities','Partnerships manager','hannah.cohen@example.org','','','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(13,'Dafydd ap Gruffydd','Dafydd','ap Gruffydd','ap gruffydd dafydd','Mind','Policy officer','dafydd.ap.gruffydd@example.org','233 Placeholder Close
Llandrindod Wells
LD1 5ES','','Halal','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(14,'Amara Mensah','Amara','Mensah','mensah amara','Q Lab','Lab manager','amara.mensah@example.org','180 Placeholder Close
Cardiff
CF10 1ZS','','Gluten free','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(15,'Tomasz Wiśniewski','Tomasz','Wiśniewski','wisniewski tomasz','Health Innovation Network','Clinical psychologist','tomasz.wisniewski@example.org','39 Mock Terrace
Llandrindod Wells
LD1 5ES','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(16,'Eilidh MacLeod','Eilidh','MacLeod','macleod eilidh','Sydenham Gardens','Garden therapist','eilidh.macleod@example.org','33 Test Gardens
Manchester
M16 9WG','Seat near the front','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(17,'Kwame Boateng','Kwame','Boateng','boateng kwame','St George''s University Hospitals NHS FT','Physiotherapist','kwame.boateng@example.org','208 Placeholder Close
Stoke-on-Trent
ST5 4UR','','Gluten free','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(18,'Fatima Begum','Fatima','Begum','begum fatima','Kingston Hospital NHS FT','Occupational therapist','fatima.begum@example.org','','','Vegan','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(19,'Oliver Hughes','Oliver','Hughes','hughes oliver','Powys Teaching Health Board','GP','oliver.hughes@example.org','114 Placeholder Close
Llandrindod Wells
LD1 5ES','','Vegan','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(20,'Noor Al-Hassan','Noor','Al-Hassan','al-hassan noor','Keele University','Senior lecturer','noor.al-hassan@example.org','15 Test Gardens
Kingston upon Thames
KT2 7QB','Step-free access','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(21,'Catrin Pritchard','Catrin','Pritchard','pritchard catrin','Midlands Partnership NHS Foundation Trust','Mental health nurse','catrin.pritchard@example.org','220 Demo Avenue
Manchester
M16 9WG','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(22,'Jamal Ahmed','Jamal','Ahmed','ahmed jamal','Robert Jones and Agnes Hunt Orthopaedic Hospital','Clinical lead','jamal.ahmed@example.org','228 Test Gardens
Stoke-on-Trent
ST5 4UR','','Vegetarian','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(23,'Sophie Martin','Sophie','Martin','martin sophie','Equally Well UK','Network coordinator','sophie.martin@example.org','','Step-free access','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(24,'Rhiannon Davies','Rhiannon','Davies','davies rhiannon','The Richmond Group of Charities','Partnerships manager','rhiannon.davies@example.org','','Seat near the front','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(25,'Yusuf Khan','Yusuf','Khan','khan yusuf','Mind','Policy officer','yusuf.khan@example.org','180 Demo Avenue
Cardiff
CF10 1ZS','Step-free access','','Lived experience partner','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(26,'Ellen Thompson','Ellen','Thompson','thompson ellen','Q Lab','Insight manager','ellen.thompson@example.org','225 Fictional Lane
Stoke-on-Trent
ST5 4UR','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(27,'Arjun Patel','Arjun','Patel','patel arjun','Health Innovation Network','Clinical psychologist','arjun.patel@example.org','139 Placeholder Close
London
SE23 8TR','Hearing loop','Vegan','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(28,'Niamh Byrne','Niamh','Byrne','byrne niamh','Sydenham Gardens','Garden therapist','niamh.byrne@example.org','','Seat near the front','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(29,'Gareth Williams','Gareth','Williams','williams gareth','St George''s University Hospitals NHS FT','Pain consultant','gareth.williams@example.org','208 Test Gardens
Stoke-on-Trent
ST5 4UR','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(30,'Mei Lin Chen','Mei Lin','Chen','chen mei lin','Kingston Hospital NHS FT','Occupational therapist','mei.lin.chen@example.org','','','Vegetarian','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(31,'Joseph Adeyemi','Joseph','Adeyemi','adeyemi joseph','Powys Teaching Health Board','GP','joseph.adeyemi@example.org','130 Test Gardens
Llandrindod Wells
LD1 5ES','Hearing loop','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(32,'Olga Petrova','Olga','Petrova','petrova olga','Keele University','Research fellow','olga.petrova@example.org','65 Mock Terrace
Oswestry
SY10 7AG','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(33,'Liam Murphy','Liam','Murphy','murphy liam','Midlands Partnership NHS Foundation Trust','Mental health nurse','liam.murphy@example.org','','Seat near the front','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(34,'Isabel García','Isabel','García','garcia isabel','Robert Jones and Agnes Hunt Orthopaedic Hospital','Spinal physiotherapist','isabel.garcia@example.org','','','Vegan','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(35,'Rosa Ferreira','Rosa','Ferreira','ferreira rosa','Equally Well UK','Network coordinator','rosa.ferreira@example.org','158 Mock Terrace
Stoke-on-Trent
ST5 4UR','','Halal','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(36,'Daniel Green','Daniel','Green','green daniel','The Richmond Group of Charities','Partnerships manager','daniel.green@example.org','152 Test Gardens
Kingston upon Thames
KT2 7QB','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(37,'Ffion Roberts','Ffion','Roberts','roberts ffion','Mind','Service manager','ffion.roberts@example.org','228 Test Gardens
Stoke-on-Trent
ST5 4UR','','Gluten free','Lived experience partner','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(38,'Samuel Osei','Samuel','Osei','osei samuel','Q Lab','Lab manager','samuel.osei@example.org','8 Mock Terrace
Llandrindod Wells
LD1 5ES','','Vegan','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(39,'Leah Goldberg','Leah','Goldberg','goldberg leah','Health Innovation Network','Project manager','leah.goldberg@example.org','116 Fictional Lane
Kingston upon Thames
KT2 7QB','Seat near the front','Vegetarian','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(40,'Hamish Campbell','Hamish','Campbell','campbell hamish','Sydenham Gardens','Garden therapist','hamish.campbell@example.org','72 Mock Terrace
Kingston upon Thames
KT2 7QB','','Halal','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(41,'Anjali Mehta','Anjali','Mehta','mehta anjali','St George''s University Hospitals NHS FT','Pain consultant','anjali.mehta@example.org','215 Fictional Lane
Stoke-on-Trent
ST5 4UR','','Vegetarian','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(42,'Matthew Clarke','Matthew','Clarke','clarke matthew','Kingston Hospital NHS FT','Occupational therapist','matthew.clarke@example.org','228 Test Gardens
Cardiff
CF10 1ZS','','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(43,'Chloé Dubois','Chloé','Dubois','dubois chloe','Powys Teaching Health Board','Service designer','chloe.dubois@example.org','98 Fictional Lane
Manchester
M16 9WG','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(44,'Kofi Asante','Kofi','Asante','asante kofi','Keele University','Research fellow','kofi.asante@example.org','','','Gluten free','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(45,'Ewan Stewart','Ewan','Stewart','stewart ewan','Midlands Partnership NHS Foundation Trust','Mental health nurse','ewan.stewart@example.org','211 Mock Terrace
Stoke-on-Trent
ST5 4UR','','Halal','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(46,'Nadia Kowalczyk','Nadia','Kowalczyk','kowalczyk nadia','Robert Jones and Agnes Hunt Orthopaedic Hospital','Spinal physiotherapist','nadia.kowalczyk@example.org','183 Demo Avenue
Stoke-on-Trent
ST5 4UR','','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(47,'Ben Walker','Ben','Walker','walker ben','Equally Well UK','Network coordinator','ben.walker@example.org','82 Fictional Lane
London
SE23 8TR','Step-free access','Gluten free','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(48,'Imani Brown','Imani','Brown','brown imani','The Richmond Group of Charities','Partnerships manager','imani.brown@example.org','197 Fictional Lane
London
SE23 8TR','','Vegan','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(49,'Rory Fitzgerald','Rory','Fitzgerald','fitzgerald rory','Mind','Peer support worker','rory.fitzgerald@example.org','139 Demo Avenue
Oswestry
SY10 7AG','Step-free access','Gluten free','Lived experience partner','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(50,'Elif Yılmaz','Elif','Yılmaz','yılmaz elif','Q Lab','Programme officer','elif.ylmaz@example.org','158 Placeholder Close
Kingston upon Thames
KT2 7QB','','Halal','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(51,'Jo Bennett','Jo','Bennett','bennett jo','Health Innovation Network','Clinical psychologist','jo.bennett@example.org','225 Mock Terrace
Kingston upon Thames
KT2 7QB','','Halal','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(52,'Marcus Reid','Marcus','Reid','reid marcus','Sydenham Gardens','Garden therapist','marcus.reid@example.org','','','Halal','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(53,'Saoirse Kelly','Saoirse','Kelly','kelly saoirse','St George''s University Hospitals NHS FT','Pain consultant','saoirse.kelly@example.org','51 Fictional Lane
Manchester
M16 9WG','Hearing loop','','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(54,'Ravi Kumar','Ravi','Kumar','kumar ravi','Kingston Hospital NHS FT','Physiotherapist','ravi.kumar@example.org','','','Vegan','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(55,'Harriet Lewis','Harriet','Lewis','lewis harriet','Powys Teaching Health Board','Service designer','harriet.lewis@example.org','198 Demo Avenue
Llandrindod Wells
LD1 5ES','Hearing loop','Gluten free','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(56,'Ifeoma Nwosu','Ifeoma','Nwosu','nwosu ifeoma','Keele University','Senior lecturer','ifeoma.nwosu@example.org','','Seat near the front','Vegan','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(57,'Owain Morgan','Owain','Morgan','morgan owain','Midlands Partnership NHS Foundation Trust','Psychologist','owain.morgan@example.org','70 Placeholder Close
London
SE23 8TR','','','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(58,'Ayesha Siddiqui','Ayesha','Siddiqui','siddiqui ayesha','Robert Jones and Agnes Hunt Orthopaedic Hospital','Spinal physiotherapist','ayesha.siddiqui@example.org','105 Mock Terrace
Cardiff
CF10 1ZS','','Gluten free','Lab participant','attending',0,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(59,'Pádraig Ó Briain','Pádraig','Ó Briain','o briain padraig','Equally Well UK','Network coordinator','padraig.o.briain@example.org','110 Mock Terrace
Llandrindod Wells
LD1 5ES','Seat near the front','Vegetarian','Lab participant','attending',1,0,'','demo','2026-12-01T23:55:02+00:00',NULL);
INSERT INTO "attendees" VALUES(60,'Erased attendee','','','','','','','','','','','attending',0,0,'','','2026-12-01T23:55:02+00:00','2026-12-01T23:55:02+00:00');
INSERT INTO "attendees" VALUES(61,'Rhys ap Gruffydd','Rhys','ap Gruffydd','ap gruffydd rhys','Walk-in Ltd','','','','','','','attending',0,0,'','walk-in','2026-12-01T23:55:02+00:00',NULL);
CREATE TABLE check_ins (
            attendee_id INTEGER PRIMARY KEY REFERENCES attendees(id) ON DELETE CASCADE,
            at TEXT NOT NULL,                -- ISO datetime with offset
            desk TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT 'scan'
        );
INSERT INTO "check_ins" VALUES(1,'2026-09-17T09:20:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(4,'2026-09-17T09:21:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(5,'2026-09-17T09:22:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(6,'2026-09-17T09:23:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(8,'2026-09-17T09:24:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(9,'2026-09-17T09:25:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(10,'2026-09-17T09:26:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(11,'2026-09-17T09:27:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(12,'2026-09-17T09:28:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(13,'2026-09-17T09:29:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(14,'2026-09-17T09:30:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(15,'2026-09-17T09:31:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(16,'2026-09-17T09:32:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(17,'2026-09-17T09:33:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(20,'2026-09-17T09:34:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(21,'2026-09-17T09:35:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(22,'2026-09-17T09:36:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(23,'2026-09-17T09:37:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(25,'2026-09-17T09:38:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(26,'2026-09-17T09:39:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(27,'2026-09-17T09:40:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(28,'2026-09-17T09:41:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(29,'2026-09-17T09:42:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(30,'2026-09-17T09:43:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(31,'2026-09-17T09:44:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(32,'2026-09-17T09:45:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(33,'2026-09-17T09:46:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(34,'2026-09-17T09:47:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(35,'2026-09-17T09:48:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(36,'2026-09-17T09:49:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(37,'2026-09-17T09:50:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(38,'2026-09-17T09:51:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(39,'2026-09-17T09:52:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(40,'2026-09-17T09:53:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(41,'2026-09-17T09:54:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(44,'2026-09-17T09:55:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(45,'2026-09-17T09:56:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(47,'2026-09-17T09:57:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(48,'2026-09-17T09:58:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(50,'2026-09-17T09:59:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(51,'2026-09-17T10:00:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(52,'2026-09-17T10:01:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(54,'2026-09-17T10:02:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(55,'2026-09-17T10:03:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(56,'2026-09-17T10:04:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(58,'2026-09-17T10:05:00+01:00','Desk 1','scan');
INSERT INTO "check_ins" VALUES(61,'2026-09-17T10:05:00+01:00','Desk 2','walk-in');
CREATE TABLE commitments (
            id INTEGER PRIMARY KEY,
            attendee_id INTEGER REFERENCES attendees(id) ON DELETE SET NULL,
            submission_key TEXT UNIQUE,
            action TEXT NOT NULL,
            who TEXT NOT NULL DEFAULT '',
            by_when TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            use_registered_address INTEGER NOT NULL DEFAULT 0,
            consent_post INTEGER NOT NULL DEFAULT 0,
            match_status TEXT NOT NULL DEFAULT 'unmatched',  -- matched | ambiguous | unmatched
            source TEXT NOT NULL DEFAULT 'phone',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
INSERT INTO "commitments" VALUES(1,1,'demo-card-0','Set up a lunchtime feedback session with our clinicians','My service manager','End of October','Siân Jones','sian.jones@example.org','',1,1,'matched','phone','2026-09-17T15:00:00+01:00','2026-09-17T15:00:00+01:00');
INSERT INTO "commitments" VALUES(2,6,'demo-card-1','Invite a lived experience partner to our next project board','Our project lead','November','Priya Sharma','priya.sharma@example.org','',1,1,'matched','phone','2026-09-17T15:02:00+01:00','2026-09-17T15:02:00+01:00');
INSERT INTO "commitments" VALUES(3,10,'demo-card-2','Try Troika Consulting with my team','My team','Next team meeting','Ruth Fuchs','ruth.fuchs@example.org','',0,0,'matched','phone','2026-09-17T15:04:00+01:00','2026-09-17T15:04:00+01:00');
INSERT INTO "commitments" VALUES(4,13,'demo-card-3','Map who I need to influence for long-term funding','Commissioners','Before Christmas','Dafydd ap Gruffydd','dafydd.ap.gruffydd@example.org','',1,0,'matched','phone','2026-09-17T15:06:00+01:00','2026-09-17T15:06:00+01:00');
INSERT INTO "commitments" VALUES(5,16,'demo-card-4','Share the six problems summary with our physio focus group','Physio leads','Two weeks','Eilidh MacLeod','eilidh.macleod@example.org','',1,1,'matched','paper','2026-09-17T15:08:00+01:00','2026-09-17T15:08:00+01:00');
INSERT INTO "commitments" VALUES(6,21,'demo-card-5','Ask patients what matters to them before changing the pathway','Patients','This month','Catrin Pritchard','catrin.pritchard@example.org','',1,1,'matched','phone','2026-09-17T15:10:00+01:00','2026-09-17T15:10:00+01:00');
INSERT INTO "commitments" VALUES(7,25,'demo-card-6','Book a meeting with the pain clinic about joint clinics','Pain consultant','October','Yusuf Khan','yusuf.khan@example.org','',1,1,'matched','phone','2026-09-17T15:12:00+01:00','2026-09-17T15:12:00+01:00');
INSERT INTO "commitments" VALUES(8,28,'demo-card-7','Start a community of practice for people with lived experience','Peer workers','January','Niamh Byrne','niamh.byrne@example.org','',0,0,'matched','phone','2026-09-17T15:14:00+01:00','2026-09-17T15:14:00+01:00');
INSERT INTO "commitments" VALUES(9,31,'demo-card-8','Write up our test results for the board','Director','End of quarter','Joseph Adeyemi','joseph.adeyemi@example.org','',1,1,'matched','phone','2026-09-17T15:16:00+01:00','2026-09-17T15:16:00+01:00');
INSERT INTO "commitments" VALUES(10,34,'demo-card-9','Find a local champion for our project','','Next month','Isabel García','isabel.garcia@example.org','',0,0,'matched','paper','2026-09-17T15:18:00+01:00','2026-09-17T15:18:00+01:00');
INSERT INTO "commitments" VALUES(11,37,'demo-card-10','Use design methods in our next service review','Service designer','Spring','Ffion Roberts','ffion.roberts@example.org','',1,1,'matched','phone','2026-09-17T15:20:00+01:00','2026-09-17T15:20:00+01:00');
INSERT INTO "commitments" VALUES(12,40,'demo-card-11','Talk to my GP practice about the mental health and pain pathway','Practice manager','Soon','Hamish Campbell','hamish.campbell@example.org','',1,0,'matched','phone','2026-09-17T15:22:00+01:00','2026-09-17T15:22:00+01:00');
INSERT INTO "commitments" VALUES(13,45,'demo-card-12','Practise my influencing pitch with a colleague','A colleague','Next week','Ewan Stewart','ewan.stewart@example.org','',1,1,'matched','phone','2026-09-17T15:24:00+01:00','2026-09-17T15:24:00+01:00');
INSERT INTO "commitments" VALUES(14,50,'demo-card-13','Join the online group and share what we tried','Q community','Tomorrow','Elif Yılmaz','elif.ylmaz@example.org','',1,1,'matched','phone','2026-09-17T15:26:00+01:00','2026-09-17T15:26:00+01:00');
INSERT INTO "commitments" VALUES(15,NULL,'demo-card-14','Bring the lived experience panel to our next planning day','Planning team','December','Joanne Bennett','jo.home@example.net','',0,0,'unmatched','phone','2026-09-17T15:28:00+01:00','2026-09-17T15:28:00+01:00');
INSERT INTO "commitments" VALUES(16,NULL,'demo-card-15','Share the influencing feedback sentences with my team','My team','Next week','Ruth Fuchs','hannah.cohen@example.org','',0,0,'ambiguous','phone','2026-09-17T15:30:00+01:00','2026-09-17T15:30:00+01:00');
CREATE TABLE erased_keys (         -- people erased on request (labdesk.store.erasure)
            digest TEXT PRIMARY KEY,         -- HMAC-SHA256 (workshop secret) of a normalised value
            kind TEXT NOT NULL,              -- 'email' or 'ticket'
            erased_at TEXT NOT NULL
        );
INSERT INTO "erased_keys" VALUES('ceee84e3e31a38a8292455c2786feb2f2dc66e9de51c14ec982d69ef5652902b','ticket','2026-12-01T23:55:02+00:00');
INSERT INTO "erased_keys" VALUES('763c1d7aba6de21a467f39a02958e3d69413461f9eaac0c3df3235dcc7d9fe27','email','2026-12-01T23:55:02+00:00');
CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
            submission_key TEXT UNIQUE,      -- per-phone key: a resend edits, never duplicates
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
            worked TEXT NOT NULL DEFAULT '',
            change TEXT NOT NULL DEFAULT '',
            answers TEXT NOT NULL DEFAULT '{}',  -- JSON: the session's own prompts
            hidden INTEGER NOT NULL DEFAULT 0,
            chosen INTEGER NOT NULL DEFAULT 0,   -- picked to show on the projector
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
INSERT INTO "feedback" VALUES(1,2,'demo-0',5,'Short sessions, good pace.','Longer break in the afternoon.','{}',0,0,'2026-09-17T14:00:00+01:00','2026-09-17T14:00:00+01:00');
INSERT INTO "feedback" VALUES(2,2,'demo-1',4,'Hearing the test teams be honest about what didn''t work.','The room was too warm after lunch.','{}',0,0,'2026-09-17T14:02:00+01:00','2026-09-17T14:02:00+01:00');
INSERT INTO "feedback" VALUES(3,2,'demo-2',4,'Clear summary of the six problems.','','{}',0,0,'2026-09-17T14:04:00+01:00','2026-09-17T14:04:00+01:00');
INSERT INTO "feedback" VALUES(4,2,'demo-3',4,'Short sessions, good pace.','The room was too warm after lunch.','{}',0,0,'2026-09-17T14:06:00+01:00','2026-09-17T14:06:00+01:00');
INSERT INTO "feedback" VALUES(5,2,'demo-4',5,'The role play was less scary than I expected.','','{}',0,0,'2026-09-17T14:08:00+01:00','2026-09-17T14:08:00+01:00');
INSERT INTO "feedback" VALUES(6,2,'demo-5',4,'','Microphone for the people at the back please.','{}',0,0,'2026-09-17T14:10:00+01:00','2026-09-17T14:10:00+01:00');
INSERT INTO "feedback" VALUES(7,2,'demo-6',5,'','','{}',0,0,'2026-09-17T14:12:00+01:00','2026-09-17T14:12:00+01:00');
INSERT INTO "feedback" VALUES(8,2,'demo-7',4,'The role play was less scary than I expected.','','{}',0,0,'2026-09-17T14:14:00+01:00','2026-09-17T14:14:00+01:00');
INSERT INTO "feedback" VALUES(9,2,'demo-8',3,'Short sessions, good pace.','Longer break in the afternoon.','{}',0,0,'2026-09-17T14:16:00+01:00','2026-09-17T14:16:00+01:00');
INSERT INTO "feedback" VALUES(10,2,'demo-9',4,'The three feedback sentences gave structure.','More time for questions after each team.','{}',0,0,'2026-09-17T14:18:00+01:00','2026-09-17T14:18:00+01:00');
INSERT INTO "feedback" VALUES(11,2,'demo-10',5,'Meeting people from outside my own trust.','','{}',0,0,'2026-09-17T14:20:00+01:00','2026-09-17T14:20:00+01:00');
INSERT INTO "feedback" VALUES(12,2,'demo-11',2,'The three feedback sentences gave structure.','Longer break in the afternoon.','{}',0,0,'2026-09-17T14:22:00+01:00','2026-09-17T14:22:00+01:00');
INSERT INTO "feedback" VALUES(13,2,'demo-12',5,'Hearing the test teams be honest about what didn''t work.','More time for questions after each team.','{}',0,0,'2026-09-17T14:24:00+01:00','2026-09-17T14:24:00+01:00');
INSERT INTO "feedback" VALUES(14,2,'demo-13',5,'Clear summary of the six problems.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:26:00+01:00','2026-09-17T14:26:00+01:00');
INSERT INTO "feedback" VALUES(15,3,'demo-14',5,'Short sessions, good pace.','','{}',0,0,'2026-09-17T14:28:00+01:00','2026-09-17T14:28:00+01:00');
INSERT INTO "feedback" VALUES(16,3,'demo-15',5,'Troika was brilliant: real advice on a real problem.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:30:00+01:00','2026-09-17T14:30:00+01:00');
INSERT INTO "feedback" VALUES(17,3,'demo-16',5,'Hearing the test teams be honest about what didn''t work.','The room was too warm after lunch.','{}',0,0,'2026-09-17T14:32:00+01:00','2026-09-17T14:32:00+01:00');
INSERT INTO "feedback" VALUES(18,3,'demo-17',3,'Short sessions, good pace.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:34:00+01:00','2026-09-17T14:34:00+01:00');
INSERT INTO "feedback" VALUES(19,3,'demo-18',2,'Troika was brilliant: real advice on a real problem.','','{}',0,0,'2026-09-17T14:36:00+01:00','2026-09-17T14:36:00+01:00');
INSERT INTO "feedback" VALUES(20,3,'demo-19',4,'Short sessions, good pace.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:38:00+01:00','2026-09-17T14:38:00+01:00');
INSERT INTO "feedback" VALUES(21,3,'demo-20',4,'Troika was brilliant: real advice on a real problem.','The room was too warm after lunch.','{}',0,0,'2026-09-17T14:40:00+01:00','2026-09-17T14:40:00+01:00');
INSERT INTO "feedback" VALUES(22,3,'demo-21',5,'Troika was brilliant: real advice on a real problem.','','{}',0,0,'2026-09-17T14:42:00+01:00','2026-09-17T14:42:00+01:00');
INSERT INTO "feedback" VALUES(23,3,'demo-22',5,'The three feedback sentences gave structure.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:44:00+01:00','2026-09-17T14:44:00+01:00');
INSERT INTO "feedback" VALUES(24,3,'demo-23',3,'Troika was brilliant: real advice on a real problem.','','{}',0,0,'2026-09-17T14:46:00+01:00','2026-09-17T14:46:00+01:00');
INSERT INTO "feedback" VALUES(25,3,'demo-24',4,'','The room was too warm after lunch.','{}',0,0,'2026-09-17T14:48:00+01:00','2026-09-17T14:48:00+01:00');
INSERT INTO "feedback" VALUES(26,5,'demo-25',2,'Troika was brilliant: real advice on a real problem.','More time for questions after each team.','{}',0,0,'2026-09-17T14:50:00+01:00','2026-09-17T14:50:00+01:00');
INSERT INTO "feedback" VALUES(27,5,'demo-26',5,'The three feedback sentences gave structure.','Microphone for the people at the back please.','{}',0,0,'2026-09-17T14:52:00+01:00','2026-09-17T14:52:00+01:00');
INSERT INTO "feedback" VALUES(28,5,'demo-27',2,'','','{}',0,0,'2026-09-17T14:54:00+01:00','2026-09-17T14:54:00+01:00');
INSERT INTO "feedback" VALUES(29,5,'demo-28',4,'The three feedback sentences gave structure.','The room was too warm after lunch.','{}',0,0,'2026-09-17T14:56:00+01:00','2026-09-17T14:56:00+01:00');
INSERT INTO "feedback" VALUES(30,5,'demo-29',5,'The three feedback sentences gave structure.','','{}',0,0,'2026-09-17T14:58:00+01:00','2026-09-17T14:58:00+01:00');
INSERT INTO "feedback" VALUES(31,5,'demo-30',2,'Clear summary of the six problems.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:00:00+01:00','2026-09-17T14:00:00+01:00');
INSERT INTO "feedback" VALUES(32,5,'demo-31',4,'Short sessions, good pace.','','{}',0,0,'2026-09-17T14:02:00+01:00','2026-09-17T14:02:00+01:00');
INSERT INTO "feedback" VALUES(33,5,'demo-32',5,'Meeting people from outside my own trust.','','{}',0,0,'2026-09-17T14:04:00+01:00','2026-09-17T14:04:00+01:00');
INSERT INTO "feedback" VALUES(34,5,'demo-33',5,'Hearing the test teams be honest about what didn''t work.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:06:00+01:00','2026-09-17T14:06:00+01:00');
INSERT INTO "feedback" VALUES(35,5,'demo-34',3,'The role play was less scary than I expected.','More time for questions after each team.','{}',0,0,'2026-09-17T14:08:00+01:00','2026-09-17T14:08:00+01:00');
INSERT INTO "feedback" VALUES(36,5,'demo-35',4,'Hearing the test teams be honest about what didn''t work.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:10:00+01:00','2026-09-17T14:10:00+01:00');
INSERT INTO "feedback" VALUES(37,5,'demo-36',5,'Troika was brilliant: real advice on a real problem.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:12:00+01:00','2026-09-17T14:12:00+01:00');
INSERT INTO "feedback" VALUES(38,5,'demo-37',3,'Hearing the test teams be honest about what didn''t work.','Send the slides beforehand.','{}',0,0,'2026-09-17T14:14:00+01:00','2026-09-17T14:14:00+01:00');
INSERT INTO "feedback" VALUES(39,5,'demo-38',5,'Short sessions, good pace.','The room was too warm after lunch.','{}',0,0,'2026-09-17T14:16:00+01:00','2026-09-17T14:16:00+01:00');
INSERT INTO "feedback" VALUES(40,7,'demo-39',4,'Troika was brilliant: real advice on a real problem.','The room was too warm after lunch.','{"One thing that influenced me": "Your story about the patient who waited two years."}',0,0,'2026-09-17T14:18:00+01:00','2026-09-17T14:18:00+01:00');
INSERT INTO "feedback" VALUES(41,7,'demo-40',3,'Troika was brilliant: real advice on a real problem.','Longer break in the afternoon.','{"One thing that influenced me": "Your story about the patient who waited two years.", "One thing that caused me to doubt": "Too many acronyms."}',0,0,'2026-09-17T14:20:00+01:00','2026-09-17T14:20:00+01:00');
INSERT INTO "feedback" VALUES(42,7,'demo-41',4,'Clear summary of the six problems.','Longer break in the afternoon.','{"One thing that influenced me": "The numbers on missed appointments."}',0,0,'2026-09-17T14:22:00+01:00','2026-09-17T14:22:00+01:00');
INSERT INTO "feedback" VALUES(43,7,'demo-42',2,'The role play was less scary than I expected.','','{"One thing that influenced me": "Your story about the patient who waited two years.", "The impact of your voice and body language": "Calm and confident; you kept eye contact."}',0,0,'2026-09-17T14:24:00+01:00','2026-09-17T14:24:00+01:00');
INSERT INTO "feedback" VALUES(44,7,'demo-43',5,'Clear summary of the six problems.','','{"One thing that influenced me": "The numbers on missed appointments.", "One thing that caused me to doubt": "Too many acronyms."}',0,0,'2026-09-17T14:26:00+01:00','2026-09-17T14:26:00+01:00');
INSERT INTO "feedback" VALUES(45,7,'demo-44',4,'Short sessions, good pace.','','{"One thing that influenced me": "Your story about the patient who waited two years.", "One thing that caused me to doubt": "It sounded expensive and I did not hear who pays."}',0,0,'2026-09-17T14:28:00+01:00','2026-09-17T14:28:00+01:00');
INSERT INTO "feedback" VALUES(46,7,'demo-45',3,'The three feedback sentences gave structure.','The room was too warm after lunch.','{"One thing that influenced me": "The numbers on missed appointments."}',0,0,'2026-09-17T14:30:00+01:00','2026-09-17T14:30:00+01:00');
INSERT INTO "feedback" VALUES(47,7,'demo-46',5,'Troika was brilliant: real advice on a real problem.','Microphone for the people at the back please.','{"One thing that influenced me": "The numbers on missed appointments.", "One thing that caused me to doubt": "Too many acronyms."}',0,0,'2026-09-17T14:32:00+01:00','2026-09-17T14:32:00+01:00');
INSERT INTO "feedback" VALUES(48,7,'demo-47',5,'Short sessions, good pace.','Microphone for the people at the back please.','{"One thing that influenced me": "Your story about the patient who waited two years.", "One thing that caused me to doubt": "It sounded expensive and I did not hear who pays."}',0,0,'2026-09-17T14:34:00+01:00','2026-09-17T14:34:00+01:00');
INSERT INTO "feedback" VALUES(49,7,'demo-48',4,'','Longer break in the afternoon.','{"One thing that influenced me": "Your story about the patient who waited two years.", "The impact of your voice and body language": "You spoke quickly when you got to the ask."}',0,0,'2026-09-17T14:36:00+01:00','2026-09-17T14:36:00+01:00');
CREATE TABLE group_sets (
            id INTEGER PRIMARY KEY,
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            group_size INTEGER NOT NULL,
            rounds INTEGER NOT NULL,
            data TEXT NOT NULL               -- JSON: [[[attendee_id, ...], ...], ...] per round
        );
INSERT INTO "group_sets" VALUES(1,1,'2026-12-01T23:55:02+00:00',3,2,'[[[8, 10, 38], [17, 20, 37], [4, 15, 55], [14, 22, 40], [12, 21, 34], [27, 35, 44], [45, 50, 51], [16, 47, 56], [28, 29, 32], [6, 9, 23], [25, 26, 54], [1, 39, 58], [5, 36, 52], [30, 31, 41], [11, 48], [13, 33]], [[16, 36, 41], [1, 23, 56], [17, 30, 38], [12, 28, 31], [15, 20, 54], [9, 11, 22], [8, 35, 51], [13, 21, 47], [29, 40, 45], [4, 25, 34], [5, 37, 44], [26, 48, 52], [14, 55, 58], [6, 10, 39], [32, 33], [27, 50]]]');
CREATE TABLE item_actuals (
            agenda_item_id INTEGER PRIMARY KEY REFERENCES agenda_items(id) ON DELETE CASCADE,
            actual_start TEXT,               -- ISO datetime
            actual_end TEXT,
            planned_start TEXT,              -- the plan when the day began (ISO datetime)
            planned_end TEXT
        );
INSERT INTO "item_actuals" VALUES(1,'2026-09-17T09:30:00+01:00','2026-09-17T10:03:00+01:00',NULL,NULL);
INSERT INTO "item_actuals" VALUES(2,'2026-09-17T10:05:00+01:00','2026-09-17T10:38:00+01:00',NULL,NULL);
INSERT INTO "item_actuals" VALUES(3,'2026-09-17T10:40:00+01:00','2026-09-17T11:13:00+01:00',NULL,NULL);
INSERT INTO "item_actuals" VALUES(4,'2026-09-17T11:15:00+01:00',NULL,NULL,NULL);
CREATE TABLE phases (
            id INTEGER PRIMARY KEY,
            agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            duration_s INTEGER NOT NULL CHECK (duration_s >= 0),
            prompt TEXT NOT NULL DEFAULT '',
            rounds INTEGER NOT NULL DEFAULT 1,
            group_size INTEGER NOT NULL DEFAULT 0,
            auto_advance INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT ''
        );
INSERT INTO "phases" VALUES(1,1,0,'Arrival',1800,'Welcome! Get a coffee, find a seat, say hello.',1,0,0,'');
INSERT INTO "phases" VALUES(2,2,0,'Welcome',300,'Welcome to the Q Lab and Mind workshop',1,0,0,'');
INSERT INTO "phases" VALUES(3,2,1,'Networking pairs',360,'Find someone you don''t know and ask each other:
1. What did you have for lunch?
2. Why is mental health and/or persistent pain important to you?
3. What are you most looking forward to today?',3,2,0,'');
INSERT INTO "phases" VALUES(4,2,2,'What did you hear?',420,'A few voices: what surprised you in your conversations?',1,0,0,'');
INSERT INTO "phases" VALUES(5,3,0,'Six problems, possible solutions',1500,'What we learned in 12 months: six problems and possible solutions',1,0,0,'');
INSERT INTO "phases" VALUES(6,3,1,'Form trios',180,'Form groups of three with people you don''t work with',1,3,0,'');
INSERT INTO "phases" VALUES(7,3,2,'Client shares the challenge',180,'Client: share your challenge. Consultants: listen.',3,3,0,'');
INSERT INTO "phases" VALUES(8,3,3,'Consultants ask questions',120,'Consultants: ask clarifying questions. No advice yet.',3,3,0,'');
INSERT INTO "phases" VALUES(9,3,4,'Client turns around',360,'Client: turn your back and listen. Consultants: consult together.',3,3,0,'');
INSERT INTO "phases" VALUES(10,3,5,'Client reflects',120,'Client: turn round and say what was useful.',3,3,0,'');
INSERT INTO "phases" VALUES(11,3,6,'Harvest',480,'What ideas will you take back?',1,0,0,'');
INSERT INTO "phases" VALUES(12,5,0,'Introduction',300,'Five test teams, their honest reflections',1,0,0,'');
INSERT INTO "phases" VALUES(13,5,1,'Health Innovation Network and Sydenham Gardens',480,'Presentation: Health Innovation Network and Sydenham Gardens',1,0,0,'');
INSERT INTO "phases" VALUES(14,5,2,'Questions',180,'Questions for Health Innovation Network and Sydenham Gardens',1,0,0,'');
INSERT INTO "phases" VALUES(15,5,3,'Health Innovation Network, St George''s and Kingston Hospital',480,'Presentation: Health Innovation Network, St George''s and Kingston Hospital',1,0,0,'');
INSERT INTO "phases" VALUES(16,5,4,'Questions',180,'Questions for Health Innovation Network, St George''s and Kingston Hospital',1,0,0,'');
INSERT INTO "phases" VALUES(17,5,5,'Powys Teaching Health Board',480,'Presentation: Powys Teaching Health Board',1,0,0,'');
INSERT INTO "phases" VALUES(18,5,6,'Questions',180,'Questions for Powys Teaching Health Board',1,0,0,'');
INSERT INTO "phases" VALUES(19,5,7,'Keele University and Midlands Partnership NHS Foundation Trust',480,'Presentation: Keele University and Midlands Partnership NHS Foundation Trust',1,0,0,'');
INSERT INTO "phases" VALUES(20,5,8,'Questions',180,'Questions for Keele University and Midlands Partnership NHS Foundation Trust',1,0,0,'');
INSERT INTO "phases" VALUES(21,5,9,'Robert Jones and Agnes Hunt Orthopaedic Hospital',480,'Presentation: Robert Jones and Agnes Hunt Orthopaedic Hospital',1,0,0,'');
INSERT INTO "phases" VALUES(22,5,10,'Questions',180,'Questions for Robert Jones and Agnes Hunt Orthopaedic Hospital',1,0,0,'');
INSERT INTO "phases" VALUES(23,7,0,'Why influencing matters',900,'Organisations change one conversation at a time',1,0,0,'');
INSERT INTO "phases" VALUES(24,7,1,'Presenter makes the case',180,'Presenter: make your case to the people you want to influence.',3,3,0,'');
INSERT INTO "phases" VALUES(25,7,2,'Feedback',240,'Listeners, complete these sentences:
One thing that influenced me …
One thing that caused me to doubt …
The impact of your voice and body language …',3,3,0,'');
INSERT INTO "phases" VALUES(26,7,3,'Presenter goes again',180,'Presenter: thank your listeners, then go again using what you heard.',3,3,0,'');
INSERT INTO "phases" VALUES(27,7,4,'Debrief',900,'What did you notice about influencing?',1,0,0,'');
INSERT INTO "phases" VALUES(28,9,0,'Reflect in pairs',600,'What have you heard today that you will act on?',1,2,0,'');
INSERT INTO "phases" VALUES(29,9,1,'Commitment cards',900,'Fill in your commitment card: what will you do next, who will you talk to, by when?',1,0,0,'');
INSERT INTO "phases" VALUES(30,9,2,'Networking',1200,'Find the people you need to talk to',1,0,0,'');
INSERT INTO "phases" VALUES(31,10,0,'Next steps',900,'Thank you! Your postcard arrives in about three weeks.',1,0,0,'');
CREATE TABLE postcards (
            commitment_id INTEGER PRIMARY KEY REFERENCES commitments(id) ON DELETE CASCADE,
            post_on TEXT,                    -- ISO date
            printed_at TEXT,
            posted_at TEXT,
            address_purged_at TEXT
        );
INSERT INTO "postcards" VALUES(1,NULL,'2026-09-17T16:10:00+01:00','2026-09-19T16:10:00+01:00','2026-12-01T23:55:02+00:00');
INSERT INTO "postcards" VALUES(2,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(3,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(4,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(5,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(6,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(7,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(8,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(9,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(10,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(11,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(12,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(13,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(14,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(15,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
INSERT INTO "postcards" VALUES(16,NULL,'2026-09-17T16:10:00+01:00',NULL,NULL);
CREATE TABLE run_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            data TEXT NOT NULL               -- JSON: the timer's wall-clock anchors
        );
INSERT INTO "run_state" VALUES(1,'{"item_id": 4, "step_in_item": 1, "status": "paused", "started_at": null, "banked_s": 412.0, "extra_s": 0, "warned": false, "ended": false, "last_seen": null, "slept_s": 0.0, "started_items": []}');
CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL              -- JSON
        );
INSERT INTO "settings" VALUES('hotspot_name','"Workshop-5G"');
ANALYZE "sqlite_master";
INSERT INTO "sqlite_stat1" VALUES('commitments','commitments_attendee','16 1');
INSERT INTO "sqlite_stat1" VALUES('commitments','sqlite_autoindex_commitments_1','16 1');
INSERT INTO "sqlite_stat1" VALUES('ticket_codes','ticket_codes_key','60 1');
INSERT INTO "sqlite_stat1" VALUES('ticket_codes','ticket_codes_attendee','60 1');
INSERT INTO "sqlite_stat1" VALUES('ticket_codes','sqlite_autoindex_ticket_codes_1','60 1');
INSERT INTO "sqlite_stat1" VALUES('attendees','attendees_sort','61 1');
INSERT INTO "sqlite_stat1" VALUES('attendees','attendees_email','61 1');
INSERT INTO "sqlite_stat1" VALUES('phases','phases_item','31 5 1');
CREATE TABLE ticket_codes (
            code TEXT PRIMARY KEY,           -- normalised external code (barcode, pretix secret)
            attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
            source TEXT NOT NULL DEFAULT '',
            key TEXT NOT NULL DEFAULT ''     -- lower case, no spaces (badges.ticket_key) for scans
        );
INSERT INTO "ticket_codes" VALUES('991499755604016233011',1,'demo','991499755604016233011');
INSERT INTO "ticket_codes" VALUES('150455385422493359776',2,'demo','150455385422493359776');
INSERT INTO "ticket_codes" VALUES('113460113438309746069',3,'demo','113460113438309746069');
INSERT INTO "ticket_codes" VALUES('642612307987330007016',4,'demo','642612307987330007016');
INSERT INTO "ticket_codes" VALUES('145985906775585247056',5,'demo','145985906775585247056');
INSERT INTO "ticket_codes" VALUES('914077115844651580144',6,'demo','914077115844651580144');
INSERT INTO "ticket_codes" VALUES('343098151505398602880',7,'demo','343098151505398602880');
INSERT INTO "ticket_codes" VALUES('165761835204628351800',8,'demo','165761835204628351800');
INSERT INTO "ticket_codes" VALUES('262195162422077721707',9,'demo','262195162422077721707');
INSERT INTO "ticket_codes" VALUES('447892197751701341207',10,'demo','447892197751701341207');
INSERT INTO "ticket_codes" VALUES('777015128737277584659',11,'demo','777015128737277584659');
INSERT INTO "ticket_codes" VALUES('800744628867026775202',12,'demo','800744628867026775202');
INSERT INTO "ticket_codes" VALUES('631553188168491067215',13,'demo','631553188168491067215');
INSERT INTO "ticket_codes" VALUES('583324505761210043832',14,'demo','583324505761210043832');
INSERT INTO "ticket_codes" VALUES('402830608905382089136',15,'demo','402830608905382089136');
INSERT INTO "ticket_codes" VALUES('519892826473270046170',16,'demo','519892826473270046170');
INSERT INTO "ticket_codes" VALUES('676898437453610013956',17,'demo','676898437453610013956');
INSERT INTO "ticket_codes" VALUES('719265397142907859409',18,'demo','719265397142907859409');
INSERT INTO "ticket_codes" VALUES('562760590443933147287',19,'demo','562760590443933147287');
INSERT INTO "ticket_codes" VALUES('371785368719168000670',20,'demo','371785368719168000670');
INSERT INTO "ticket_codes" VALUES('359452635498343244698',21,'demo','359452635498343244698');
INSERT INTO "ticket_codes" VALUES('582921857548509460776',22,'demo','582921857548509460776');
INSERT INTO "ticket_codes" VALUES('532313168260323013171',23,'demo','532313168260323013171');
INSERT INTO "ticket_codes" VALUES('485423848727850589691',24,'demo','485423848727850589691');
INSERT INTO "ticket_codes" VALUES('152206209513387557906',25,'demo','152206209513387557906');
INSERT INTO "ticket_codes" VALUES('201785339818424820249',26,'demo','201785339818424820249');
INSERT INTO "ticket_codes" VALUES('714216311588673126025',27,'demo','714216311588673126025');
INSERT INTO "ticket_codes" VALUES('355235742425412346612',28,'demo','355235742425412346612');
INSERT INTO "ticket_codes" VALUES('833431661452301618775',29,'demo','833431661452301618775');
INSERT INTO "ticket_codes" VALUES('188141315752620963590',30,'demo','188141315752620963590');
INSERT INTO "ticket_codes" VALUES('968726157008735879798',31,'demo','968726157008735879798');
INSERT INTO "ticket_codes" VALUES('279316514644054352106',32,'demo','279316514644054352106');
INSERT INTO "ticket_codes" VALUES('268002390762012447389',33,'demo','268002390762012447389');
INSERT INTO "ticket_codes" VALUES('237415223947490123336',34,'demo','237415223947490123336');
INSERT INTO "ticket_codes" VALUES('775752995216469957170',35,'demo','775752995216469957170');
INSERT INTO "ticket_codes" VALUES('835051285065323014959',36,'demo','835051285065323014959');
INSERT INTO "ticket_codes" VALUES('277607197389208039143',37,'demo','277607197389208039143');
INSERT INTO "ticket_codes" VALUES('562772646831133662773',38,'demo','562772646831133662773');
INSERT INTO "ticket_codes" VALUES('665288590712041645158',39,'demo','665288590712041645158');
INSERT INTO "ticket_codes" VALUES('578929075882633575321',40,'demo','578929075882633575321');
INSERT INTO "ticket_codes" VALUES('137818040344649207217',41,'demo','137818040344649207217');
INSERT INTO "ticket_codes" VALUES('468113694228216188720',42,'demo','468113694228216188720');
INSERT INTO "ticket_codes" VALUES('220944721438044970201',43,'demo','220944721438044970201');
INSERT INTO "ticket_codes" VALUES('803675821540102939100',44,'demo','803675821540102939100');
INSERT INTO "ticket_codes" VALUES('598872379223288106964',45,'demo','598872379223288106964');
INSERT INTO "ticket_codes" VALUES('655892391709886501406',46,'demo','655892391709886501406');
INSERT INTO "ticket_codes" VALUES('520880955975506385843',47,'demo','520880955975506385843');
INSERT INTO "ticket_codes" VALUES('907260757149122217112',48,'demo','907260757149122217112');
INSERT INTO "ticket_codes" VALUES('884866472346876681416',49,'demo','884866472346876681416');
INSERT INTO "ticket_codes" VALUES('893099105023913935478',50,'demo','893099105023913935478');
INSERT INTO "ticket_codes" VALUES('476100137753951539827',51,'demo','476100137753951539827');
INSERT INTO "ticket_codes" VALUES('423306449418845722696',52,'demo','423306449418845722696');
INSERT INTO "ticket_codes" VALUES('147579497067714143109',53,'demo','147579497067714143109');
INSERT INTO "ticket_codes" VALUES('778508402490867797288',54,'demo','778508402490867797288');
INSERT INTO "ticket_codes" VALUES('789840272310992982383',55,'demo','789840272310992982383');
INSERT INTO "ticket_codes" VALUES('277515031140286362676',56,'demo','277515031140286362676');
INSERT INTO "ticket_codes" VALUES('770365110690949095373',57,'demo','770365110690949095373');
INSERT INTO "ticket_codes" VALUES('214767919161833013782',58,'demo','214767919161833013782');
INSERT INTO "ticket_codes" VALUES('577708333512590149651',59,'demo','577708333512590149651');
INSERT INTO "ticket_codes" VALUES('EB-9001',61,'walk-in','eb-9001');
CREATE TABLE workshop (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            title TEXT NOT NULL,
            date TEXT NOT NULL,              -- ISO date
            venue TEXT NOT NULL DEFAULT '',
            timezone TEXT NOT NULL DEFAULT 'Europe/London',
            day_start TEXT NOT NULL DEFAULT '09:30',
            day_end TEXT NOT NULL DEFAULT '16:30',
            code TEXT NOT NULL,              -- short workshop id in badge codes
            secret TEXT NOT NULL,            -- per-workshop HMAC key for badges (hex)
            web_token TEXT NOT NULL,         -- unguessable path segment of attendee URLs
            organiser TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
INSERT INTO "workshop" VALUES(1,'Mental health and persistent back and neck pain: from insights to action','2026-09-17','The Resource Centre, London','Europe/London','09:30','16:30','FJHW','e5ba46fbb7ccb19dcaf89049cfef2877cf9e4d8fddc0dc6a820aa43d088268d7','O33us0PCpIvZkMwax26M0di4','Q Lab and Mind','2026-12-01T23:55:02+00:00');
CREATE INDEX agenda_items_position ON agenda_items(position);
CREATE INDEX phases_item ON phases(agenda_item_id, position);
CREATE INDEX attendees_email ON attendees(email COLLATE NOCASE);
CREATE INDEX attendees_sort ON attendees(sort_name);
CREATE INDEX ticket_codes_attendee ON ticket_codes(attendee_id);
CREATE INDEX ticket_codes_key ON ticket_codes(key);
CREATE INDEX feedback_item ON feedback(agenda_item_id);
CREATE INDEX commitments_attendee ON commitments(attendee_id);
COMMIT;
