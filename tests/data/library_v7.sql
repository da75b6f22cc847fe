PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE sources (
	id INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
INSERT INTO sources VALUES(1,'Ipodifier','ipodifier');
INSERT INTO sources VALUES(2,'Reuters','reuters');
CREATE TABLE entities (
	id INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	name VARCHAR(500) NOT NULL, 
	ignored BOOLEAN NOT NULL, 
	user_set BOOLEAN NOT NULL, 
	fold_key VARCHAR(500), 
	surname_key VARCHAR(200), 
	merged_into INTEGER, 
	PRIMARY KEY (id), 
	CHECK (kind IN ('place','person','organization','date')), 
	FOREIGN KEY(merged_into) REFERENCES entities (id)
);
INSERT INTO entities VALUES(1,'place','Azovstal',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(2,'place','Ukraine',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(3,'person','Oleksiy Arestovych',0,0,'oleksi arestevich','arestevich',NULL);
INSERT INTO entities VALUES(4,'person','Volodymyr Zelensky',0,0,'voledimir zelenski','zelenski',NULL);
INSERT INTO entities VALUES(5,'organization','Resistance Movement',0,0,'resistance movement',NULL,NULL);
INSERT INTO entities VALUES(6,'place','Melitopol',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(7,'person','Ivan Fedorov',0,0,'ivan federev','federev',NULL);
INSERT INTO entities VALUES(8,'place','Zaporizhzhia',0,0,NULL,NULL,6);
INSERT INTO entities VALUES(9,'organization','CNN',0,0,'cnn',NULL,NULL);
INSERT INTO entities VALUES(10,'place','Kherson',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(11,'date','2022-11-11',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(12,'organization','Russian National Guard',0,0,'russian national guard',NULL,NULL);
INSERT INTO entities VALUES(13,'organization','Defence Intelligence of Ukraine',0,0,'ukrainian defense intelligence',NULL,NULL);
INSERT INTO entities VALUES(14,'date','2022-02',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(15,'place','Crimea',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(16,'place','Russia',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(17,'organization','Reuters',0,0,'reuters',NULL,NULL);
INSERT INTO entities VALUES(18,'organization','FSB',0,0,'fsb',NULL,NULL);
INSERT INTO entities VALUES(19,'organization','Russian Defense Ministry',0,0,'russian defense ministry',NULL,NULL);
INSERT INTO entities VALUES(20,'organization','CBS News',0,0,'cbs news',NULL,NULL);
INSERT INTO entities VALUES(21,'person','Leila Ibrahimova',0,0,'leila ibrahimeva','ibrahimeva',NULL);
INSERT INTO entities VALUES(22,'organization','The Guardian',0,0,'guardian',NULL,NULL);
INSERT INTO entities VALUES(23,'place','Bakhmut',1,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(24,'date','2024-07-23',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(25,'organization','Ukrainian Government',0,0,'ukrainian government',NULL,NULL);
INSERT INTO entities VALUES(26,'date','2024-07-18',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(27,'date','2023-11-10',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(28,'place','Moscow',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(29,'organization','Armed Forces of Ukraine',0,0,'ukrainian armed forces',NULL,NULL);
INSERT INTO entities VALUES(30,'person','Valeriy Zaluzhny',0,0,'valeri zaluzhni','zaluzhni',NULL);
INSERT INTO entities VALUES(31,'place','Kyiv',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(32,'place','Dnipro River',0,1,NULL,NULL,NULL);
INSERT INTO entities VALUES(33,'person','Mykhailo Podolyak',0,0,'mihaile podeliak','podeliak',NULL);
INSERT INTO entities VALUES(34,'date','2024-02-24',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(35,'date','2023-09',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(36,'date','2014',0,0,NULL,NULL,NULL);
INSERT INTO entities VALUES(37,'organization','Kremlin',0,0,'kremlin',NULL,NULL);
CREATE TABLE index_queue (
	document_id INTEGER NOT NULL, 
	deleted BOOLEAN NOT NULL, 
	PRIMARY KEY (document_id)
);
CREATE TABLE curation_log (
	id INTEGER NOT NULL, 
	op VARCHAR(20) NOT NULL, 
	summary TEXT NOT NULL, 
	undo TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	undone BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO curation_log VALUES(1,'merge','merged Zaporizhzhia (place) into Melitopol (place)','{"source": 8, "target": 6, "aliases": [{"id": 8, "kind": "place", "user_set": false}], "dropped": [], "mentions": [14, 18, 22]}','2026-12-02 20:03:01.769856',0);
INSERT INTO curation_log VALUES(2,'rename','renamed Dnieper to Dnipro River','{"entity": 32, "name": "Dnieper", "user_set": false, "alias": 43}','2026-12-02 20:03:01.784520',0);
INSERT INTO curation_log VALUES(3,'ignore','ignoring Bakhmut everywhere','{"entity": 23, "ignored": false}','2026-12-02 20:03:01.786700',0);
INSERT INTO curation_log VALUES(4,'edit','edited the outlet of “Ukrainian military official says Azovstal evacuation continues”','{"documents": {"1": {"title": "Ukrainian military official says Azovstal evacuation continues", "source_id": 1, "source_raw": "Ipodifier", "author": null, "published": null, "published_from": null, "url": null, "edited": null}}}','2026-12-02 20:03:01.811005',0);
INSERT INTO curation_log VALUES(5,'trash','moved “Russian soldiers flee for their lives from Kherson – Ukraine inteligence” to the trash','{"documents": [3]}','2026-12-02 20:03:01.812925',0);
CREATE TABLE documents (
	id INTEGER NOT NULL, 
	filename VARCHAR(1000) NOT NULL, 
	original_path TEXT NOT NULL, 
	original_sha256 VARCHAR(64) NOT NULL, 
	original_size INTEGER NOT NULL, 
	text_sha256 VARCHAR(64) NOT NULL, 
	format VARCHAR(20) NOT NULL, 
	title TEXT NOT NULL, 
	source_id INTEGER, 
	source_raw TEXT, 
	author TEXT, 
	published DATE, 
	published_from VARCHAR(100), 
	language VARCHAR(8), 
	url TEXT, 
	text TEXT NOT NULL, 
	imported_at DATETIME NOT NULL, 
	entities_version INTEGER, 
	entities_status VARCHAR(20), 
	edited VARCHAR(100), 
	trashed_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (text_sha256), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
INSERT INTO documents VALUES(1,'000_7c70147f503d4823.txt','/tmp/oldmain/seeds/000_7c70147f503d4823.txt','e6d416a902276aa371d520ab7b2bcfd07695e89d69f8c0df5c15a3fc3e9dc292',2519,'37c9b5dd68ceebeb092b472ca327c15eba47392211b757d9c9a82363d4f27543','text','Ukrainian military official says Azovstal evacuation continues',2,'Reuters',NULL,NULL,NULL,'en',NULL,replace('Ukrainian military official says Azovstal evacuation continues\n\nUkrainian military official says Azovstal evacuation continues\n\nUkrainian officials have spoken about a rising incidence of armed resistance in Russian-occupied parts of southern Ukraine.\n\nOn Thursday, Oleksiy Arestovych, an adviser to President Volodymyr Zelensky, said that sabotage by the Resistance Movement in Melitopol had resulted in the derailing of a Russian armored train. Melitopol has been occupied by the Russians since early March.\n\nArestovych claimed that railroad cars carrying personnel and ammunition overturned, detonating the ammunition.\n\n“There was an explosion on the track, not of an armored train. Unfortunately, not a single occupier died in the explosion, they just got away with a minor scare. But what is important — Ukrainian guerrillas in the south are active and effective,” he said.\n\nIvan Fedorov, the elected mayor of Melitopol, gave a similar account on Thursday. Fedorov is currently not in Melitopol. According to unofficial accounts from the area, the train consisted of 10 wagons, and railway tracks were damaged, the armored train was stopped, and a locomotive with 10 fuel tanks that was following the armored train was also stopped.\n\nSeparately, the Zaporizhzhia regional administration noted Thursday that “the Russian military does not allow railroad workers to be involved in track maintenance but continues heavy use of the railway. Such negligence plus actions of the Resistance Movement in Melitopol resulted a Russian armored train being derailed.”\n\nArestovych indicated that the sabotage was not an isolated incident. “According to the available information, two high ranked Russian officers were eliminated,” he said.\n\nOn Wednesday, the Zaporizhzhia military administration also said the guerrilla movement in Melitopol had “eliminated two Russian military servicemen of high rank. The occupiers are trying to conceal this situation. But today the occupiers have been searching private transport especially thoroughly, apparently looking for partisans.”\n\nCNN cannot independently confirm the attacks on the train or the Russian officers.\n\nArestovych also said that “leaflets are being disseminated all over” in occupied areas,\n\nIn recent days, graphic posters depicting Russian soldiers being killed by partisans have begun to appear in occupied parts of Zaporizhzhia and Kherson. It’s unclear how widespread they are.\n\nQuoted from Various Sources\n\nPublished for: Ipodifier','\n',char(10)),'2026-12-02 20:02:50.516209',3,NULL,'source',NULL);
INSERT INTO documents VALUES(2,'001_53bdf8a33f697a68.txt','/tmp/oldmain/seeds/001_53bdf8a33f697a68.txt','c7f0e4e896dba28ef64d27ae2145627b0accf2b87001a7897954ff9927406652',2743,'c446bc0dfcb026871713d41e9778dd67ff231811173325452ed51ef5749892fe','text','Ukrainian resistance group launch devastating ''revenge'' attack on Russian Officers in occupied city',NULL,NULL,'Jeppe W','2023-11-17','dateline','en',NULL,replace('Ukrainian resistance group launch devastating ''revenge'' attack on Russian Officers in occupied city\n\nWritten by Jeppe W\n\nNov.17 - 2023 8:42 AM CET\n\n\nUkraine: Resistance Fighters Launch Deadly Explosion, Russian Troops Targeted\n\nUkrainian resistance fighters in Melitopol staged a lethal explosion on November 11, 2022, claiming the lives of at least three Russian National Guard officials.\n\nThis attack, confirmed by Ukraine''s Defense Ministry''s intelligence branch, marks a notable escalation in the local resistance movement''s activities.\n\nMelitopol, a city of about 150,000 residents, fell to Russian forces early in the invasion, starting in February 2022.\n\nDespite Ukraine''s attempts to reclaim the city during its summer counter-offensive, Melitopol remains under Russian control, serving as a strategic route to the Crimean Peninsula, which Russia has occupied for nine years.\n\nThe Ukrainian intelligence statement, as reported by and Reuters, detailed the attack, noting the presence of Russian National Guard and FSB intelligence service officers at the targeted meeting.\n\nThe exact nature of the explosion remains unclear, with no immediate response from the Russian Defense Ministry.\n\nThis incident is not isolated, as resistance attacks have intensified in Russian-controlled areas. Similar raids have targeted Russian leaders and even stretched into Russian territory, demonstrating the resistance''s growing audacity and reach.\n\nThe former mayor of Melitopol, Ivan Federov, expressed surprise at Russia''s continued use of the city as a headquarters, given the rising frequency of such attacks.\n\nHe emphasized the enemy''s failure to adapt to the evolving situation on the ground.\n\nIn a related incident, CBS News’ 60 Minutes reported on Russian soldiers targeting Melitopol’s museum for its collection of nearly 200 ancient gold artifacts. Museum director Leila Ibrahimova was kidnapped and interrogated by Russian troops in their search for the treasures.\n\nDespite her refusal to cooperate, the artifacts reportedly fell into Russian hands, raising concerns of war crimes.\n\nThe conflict''s toll extends beyond these direct confrontations.\n\nThe Guardian reported Russian shelling in Kherson, a recently liberated city in southern Ukraine, resulting in civilian casualties. The area, previously occupied by Russian fighters, has been witnessing sporadic violence, including a shooting incident in a Kherson suburb.\n\nThese developments, coupled with the resistance''s growing boldness, underscore the complexity and intensity of the ongoing conflict in Ukraine, with both sides engaging in a relentless struggle for control and influence.\n\nSee Ukrainian soldiers attack Russian trenches near Bakhmut below:','\n',char(10)),'2026-12-02 20:02:50.520243',3,NULL,NULL,NULL);
INSERT INTO documents VALUES(3,'002_1980e6867da380cf.txt','/tmp/oldmain/seeds/002_1980e6867da380cf.txt','bd2aedf069a44f8c666865ec25aab72975899e05b41319c5da03de82dc3ae493',2132,'ebdec95cd5aea014c11053080dcbf80e962938e76fcf913d14efae3d31834217','text','Russian soldiers flee for their lives from Kherson – Ukraine inteligence',NULL,NULL,NULL,'2024-07-23','dateline','en',NULL,replace('Tuesday, July 23, 2024\n\nRussian soldiers flee for their lives from Kherson – Ukraine inteligence\n\nThe Ukrainian government is celebrating Russia’s military pullout from the strategic Ukrainian city of Kherson on Thursday. November 10.\n\nRussia said its troops began pulling out of Kherson, a retreat that would represent a humiliating defeat in the war.\n\nUkranian officials on Thursday acknowledged Moscow’s forces had no choice but to flee but stopped short of declaring victory in Kherson.\n\nThe officials last week accused Moscow of plotting to lure Ukrainian troops into an ambush and said Russian soldiers have donned civilian clothes in an effort to mix with the city’s population.\n\nKherson soldiers\n\nBut on Thursday, Ukraine’s armed forces commander-in-chief, Valeriy Zaluzhny, said that “the enemy had no other choice but to resort to fleeing,” since Kyiv’s army has “destroyed logistical routes and supply system, disrupted the system of the enemy’s military command” in the area.\n\nStill, he said that Ukrainian military could not confirm or deny that Russian forces were indeed withdrawing from Kherson as the Russian Defense Ministry reported Thursday. The ministry said there was a “maneuver of units of the Russian group” to the opposite side of the Dnieper River from where Kherson lies.\n\nAlso, Ukraine’s Presidential adviser Mykhailo Podolyak alleged Russian forces had laid mines throughout Kherson, saying they wanted to turn it into a “city of death.”\n\nRussia took over Kherson soon after the invasion on Feb. 24 — the only provincial capital it has captured — and illegally annexed three other regions of Ukraine in September.\n\nA forced pullout from the city would mark one of Russia’s worst setbacks and recapturing Kherson could allow Ukraine to win back lost territory in the south, including Crimea, which Moscow illegally seized in 2014. A Russian retreat is also almost certain to raise domestic pressure on the Kremlin to escalate the conflict.','\n',char(10)),'2026-12-02 20:02:50.525654',3,NULL,NULL,'2026-12-02 20:03:01.812897');
CREATE TABLE aliases (
	id INTEGER NOT NULL, 
	entity_id INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	"key" VARCHAR(500) NOT NULL, 
	name VARCHAR(500) NOT NULL, 
	user_set BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (kind, "key"), 
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE
);
INSERT INTO aliases VALUES(1,1,'place','azovstal','Azovstal',0);
INSERT INTO aliases VALUES(2,2,'place','ukraine','Ukraine',0);
INSERT INTO aliases VALUES(3,3,'person','oleksiy arestovych','Oleksiy Arestovych',0);
INSERT INTO aliases VALUES(4,4,'person','volodymyr zelensky','Volodymyr Zelensky',0);
INSERT INTO aliases VALUES(5,5,'organization','resistance movement','Resistance Movement',0);
INSERT INTO aliases VALUES(6,6,'place','melitopol','Melitopol',0);
INSERT INTO aliases VALUES(7,7,'person','ivan fedorov','Ivan Fedorov',0);
INSERT INTO aliases VALUES(8,6,'place','zaporizhzhia','Zaporizhzhia',1);
INSERT INTO aliases VALUES(9,9,'organization','cnn','CNN',0);
INSERT INTO aliases VALUES(10,10,'place','kherson','Kherson',0);
INSERT INTO aliases VALUES(11,11,'date','2022-11-11','2022-11-11',0);
INSERT INTO aliases VALUES(12,12,'organization','russian national guard','Russian National Guard',0);
INSERT INTO aliases VALUES(13,13,'organization','ukrainian defense intelligence','Defence Intelligence of Ukraine',0);
INSERT INTO aliases VALUES(14,13,'organization','ukraine''s defense ministry''s intelligence branch','Ukraine''s Defense Ministry''s intelligence branch',0);
INSERT INTO aliases VALUES(15,14,'date','2022-02','2022-02',0);
INSERT INTO aliases VALUES(16,15,'place','crimea','Crimea',0);
INSERT INTO aliases VALUES(17,15,'place','crimean peninsula','Crimean Peninsula',0);
INSERT INTO aliases VALUES(18,16,'place','russia','Russia',0);
INSERT INTO aliases VALUES(19,17,'organization','reuters','Reuters',0);
INSERT INTO aliases VALUES(20,18,'organization','fsb','FSB',0);
INSERT INTO aliases VALUES(21,19,'organization','russian defense ministry','Russian Defense Ministry',0);
INSERT INTO aliases VALUES(22,7,'person','ivan federov','Ivan Federov',0);
INSERT INTO aliases VALUES(23,20,'organization','cbs news','CBS News',0);
INSERT INTO aliases VALUES(24,21,'person','leila ibrahimova','Leila Ibrahimova',0);
INSERT INTO aliases VALUES(25,22,'organization','guardian','The Guardian',0);
INSERT INTO aliases VALUES(26,23,'place','bakhmut','Bakhmut',1);
INSERT INTO aliases VALUES(27,24,'date','2024-07-23','2024-07-23',0);
INSERT INTO aliases VALUES(28,25,'organization','ukrainian government','Ukrainian Government',0);
INSERT INTO aliases VALUES(29,26,'date','2024-07-18','2024-07-18',0);
INSERT INTO aliases VALUES(30,27,'date','2023-11-10','2023-11-10',0);
INSERT INTO aliases VALUES(31,28,'place','moscow','Moscow',0);
INSERT INTO aliases VALUES(32,29,'organization','ukrainian armed forces','Armed Forces of Ukraine',0);
INSERT INTO aliases VALUES(33,29,'organization','ukraine''s armed forces','Ukraine’s armed forces',0);
INSERT INTO aliases VALUES(34,30,'person','valeriy zaluzhny','Valeriy Zaluzhny',0);
INSERT INTO aliases VALUES(35,31,'place','kyiv','Kyiv',0);
INSERT INTO aliases VALUES(36,32,'place','dnieper','Dnieper',0);
INSERT INTO aliases VALUES(37,32,'place','dnieper river','Dnieper River',0);
INSERT INTO aliases VALUES(38,33,'person','mykhailo podolyak','Mykhailo Podolyak',0);
INSERT INTO aliases VALUES(39,34,'date','2024-02-24','2024-02-24',0);
INSERT INTO aliases VALUES(40,35,'date','2023-09','2023-09',0);
INSERT INTO aliases VALUES(41,36,'date','2014','2014',0);
INSERT INTO aliases VALUES(42,37,'organization','kremlin','Kremlin',0);
INSERT INTO aliases VALUES(43,32,'place','dnipro river','Dnipro River',1);
CREATE TABLE suggestions (
	id INTEGER NOT NULL, 
	entity_id INTEGER NOT NULL, 
	target_id INTEGER NOT NULL, 
	reason TEXT NOT NULL, 
	status VARCHAR(10) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (entity_id, target_id), 
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE, 
	FOREIGN KEY(target_id) REFERENCES entities (id) ON DELETE CASCADE
);
CREATE TABLE blocked_spellings (
	id INTEGER NOT NULL, 
	entity_id INTEGER NOT NULL, 
	"key" VARCHAR(500) NOT NULL, 
	name VARCHAR(500) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (entity_id, "key"), 
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE
);
CREATE TABLE mentions (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	entity_id INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text VARCHAR(500) NOT NULL, 
	link VARCHAR(12), 
	link_detail VARCHAR(300), 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE
);
INSERT INTO mentions VALUES(1,1,1,33,41,'Azovstal','same',NULL);
INSERT INTO mentions VALUES(2,1,1,97,105,'Azovstal','same',NULL);
INSERT INTO mentions VALUES(3,1,2,243,250,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(4,1,3,266,284,'Oleksiy Arestovych','same',NULL);
INSERT INTO mentions VALUES(5,1,4,310,328,'Volodymyr Zelensky','same',NULL);
INSERT INTO mentions VALUES(6,1,5,356,375,'Resistance Movement','model',NULL);
INSERT INTO mentions VALUES(7,1,6,379,388,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(8,1,6,447,456,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(9,1,3,511,521,'Arestovych','article','Oleksiy Arestovych');
INSERT INTO mentions VALUES(10,1,7,880,892,'Ivan Fedorov','same',NULL);
INSERT INTO mentions VALUES(11,1,6,915,924,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(12,1,7,962,969,'Fedorov','article','Ivan Fedorov');
INSERT INTO mentions VALUES(13,1,6,990,999,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(14,1,6,1255,1267,'Zaporizhzhia','same',NULL);
INSERT INTO mentions VALUES(15,1,5,1478,1497,'Resistance Movement','same',NULL);
INSERT INTO mentions VALUES(16,1,6,1501,1510,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(17,1,3,1562,1572,'Arestovych','article','Oleksiy Arestovych');
INSERT INTO mentions VALUES(18,1,6,1751,1763,'Zaporizhzhia','same',NULL);
INSERT INTO mentions VALUES(19,1,6,1824,1833,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(20,1,9,2069,2072,'CNN','same',NULL);
INSERT INTO mentions VALUES(21,1,3,2153,2163,'Arestovych','article','Oleksiy Arestovych');
INSERT INTO mentions VALUES(22,1,6,2369,2381,'Zaporizhzhia','same',NULL);
INSERT INTO mentions VALUES(23,1,10,2386,2393,'Kherson','same',NULL);
INSERT INTO mentions VALUES(24,2,2,149,156,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(25,2,6,261,270,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(26,2,11,300,317,'November 11, 2022','date',NULL);
INSERT INTO mentions VALUES(27,2,12,356,378,'Russian National Guard','same',NULL);
INSERT INTO mentions VALUES(28,2,13,417,465,'Ukraine''s Defense Ministry''s intelligence branch','alias','list of organisations and outlets');
INSERT INTO mentions VALUES(29,2,6,542,551,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(30,2,14,646,659,'February 2022','date',NULL);
INSERT INTO mentions VALUES(31,2,2,670,677,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(32,2,6,746,755,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(33,2,15,823,840,'Crimean Peninsula','alias','place gazetteer');
INSERT INTO mentions VALUES(34,2,16,848,854,'Russia','same',NULL);
INSERT INTO mentions VALUES(35,2,17,942,949,'Reuters','same',NULL);
INSERT INTO mentions VALUES(36,2,12,995,1017,'Russian National Guard','same',NULL);
INSERT INTO mentions VALUES(37,2,18,1022,1025,'FSB','same',NULL);
INSERT INTO mentions VALUES(38,2,19,1169,1193,'Russian Defense Ministry','same',NULL);
INSERT INTO mentions VALUES(39,2,6,1462,1471,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(40,2,7,1473,1485,'Ivan Federov','translit','Ivan Fedorov');
INSERT INTO mentions VALUES(41,2,16,1509,1515,'Russia','same',NULL);
INSERT INTO mentions VALUES(42,2,20,1716,1724,'CBS News','same',NULL);
INSERT INTO mentions VALUES(43,2,6,1776,1785,'Melitopol','same',NULL);
INSERT INTO mentions VALUES(44,2,21,1868,1884,'Leila Ibrahimova','model',NULL);
INSERT INTO mentions VALUES(45,2,22,2152,2164,'The Guardian','same',NULL);
INSERT INTO mentions VALUES(46,2,10,2194,2201,'Kherson','same',NULL);
INSERT INTO mentions VALUES(47,2,2,2241,2248,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(48,2,10,2409,2416,'Kherson','same',NULL);
INSERT INTO mentions VALUES(49,2,2,2561,2568,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(50,2,23,2700,2707,'Bakhmut','same',NULL);
INSERT INTO mentions VALUES(51,3,24,0,22,'Tuesday, July 23, 2024','date',NULL);
INSERT INTO mentions VALUES(52,3,10,67,74,'Kherson','same',NULL);
INSERT INTO mentions VALUES(53,3,2,77,84,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(54,3,25,102,122,'Ukrainian government','same',NULL);
INSERT INTO mentions VALUES(55,3,16,138,144,'Russia','same',NULL);
INSERT INTO mentions VALUES(56,3,10,201,208,'Kherson','same',NULL);
INSERT INTO mentions VALUES(57,3,26,212,220,'Thursday','date',NULL);
INSERT INTO mentions VALUES(58,3,27,222,233,'November 10','date',NULL);
INSERT INTO mentions VALUES(59,3,16,236,242,'Russia','same',NULL);
INSERT INTO mentions VALUES(60,3,10,280,287,'Kherson','same',NULL);
INSERT INTO mentions VALUES(61,3,26,376,384,'Thursday','date',NULL);
INSERT INTO mentions VALUES(62,3,28,398,404,'Moscow','same',NULL);
INSERT INTO mentions VALUES(63,3,10,482,489,'Kherson','same',NULL);
INSERT INTO mentions VALUES(64,3,28,524,530,'Moscow','same',NULL);
INSERT INTO mentions VALUES(65,3,10,687,694,'Kherson','same',NULL);
INSERT INTO mentions VALUES(66,3,26,712,720,'Thursday','date',NULL);
INSERT INTO mentions VALUES(67,3,29,722,744,'Ukraine’s armed forces','form',NULL);
INSERT INTO mentions VALUES(68,3,30,765,781,'Valeriy Zaluzhny','same',NULL);
INSERT INTO mentions VALUES(69,3,31,857,861,'Kyiv','same',NULL);
INSERT INTO mentions VALUES(70,3,10,1103,1110,'Kherson','same',NULL);
INSERT INTO mentions VALUES(71,3,19,1118,1142,'Russian Defense Ministry','same',NULL);
INSERT INTO mentions VALUES(72,3,26,1152,1160,'Thursday','date',NULL);
INSERT INTO mentions VALUES(73,3,32,1261,1274,'Dnieper River','alias','place gazetteer');
INSERT INTO mentions VALUES(74,3,10,1286,1293,'Kherson','same',NULL);
INSERT INTO mentions VALUES(75,3,2,1307,1314,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(76,3,33,1338,1355,'Mykhailo Podolyak','same',NULL);
INSERT INTO mentions VALUES(77,3,10,1405,1412,'Kherson','same',NULL);
INSERT INTO mentions VALUES(78,3,16,1469,1475,'Russia','same',NULL);
INSERT INTO mentions VALUES(79,3,10,1486,1493,'Kherson','same',NULL);
INSERT INTO mentions VALUES(80,3,34,1521,1528,'Feb. 24','date',NULL);
INSERT INTO mentions VALUES(81,3,2,1622,1629,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(82,3,35,1633,1642,'September','date',NULL);
INSERT INTO mentions VALUES(83,3,16,1694,1700,'Russia','same',NULL);
INSERT INTO mentions VALUES(84,3,10,1734,1741,'Kherson','same',NULL);
INSERT INTO mentions VALUES(85,3,2,1754,1761,'Ukraine','same',NULL);
INSERT INTO mentions VALUES(86,3,15,1813,1819,'Crimea','same',NULL);
INSERT INTO mentions VALUES(87,3,28,1827,1833,'Moscow','same',NULL);
INSERT INTO mentions VALUES(88,3,36,1854,1858,'2014','date',NULL);
INSERT INTO mentions VALUES(89,3,37,1935,1942,'Kremlin','same',NULL);
CREATE TABLE mention_pins (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	"key" VARCHAR(500) NOT NULL, 
	entity_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (document_id, "key"), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE
);
CREATE INDEX ix_entities_merged_into ON entities (merged_into);
CREATE INDEX ix_entities_surname_key ON entities (surname_key);
CREATE INDEX ix_entities_fold_key ON entities (fold_key);
CREATE INDEX ix_entities_kind ON entities (kind);
CREATE INDEX ix_documents_entities_version ON documents (entities_version);
CREATE INDEX ix_documents_source_id ON documents (source_id);
CREATE INDEX ix_documents_trashed_at ON documents (trashed_at);
CREATE INDEX ix_documents_original_sha256 ON documents (original_sha256);
CREATE INDEX ix_documents_published ON documents (published);
CREATE INDEX ix_aliases_entity_id ON aliases (entity_id);
CREATE INDEX ix_suggestions_target_id ON suggestions (target_id);
CREATE INDEX ix_suggestions_status ON suggestions (status);
CREATE INDEX ix_suggestions_entity_id ON suggestions (entity_id);
CREATE INDEX ix_blocked_spellings_entity_id ON blocked_spellings (entity_id);
CREATE INDEX ix_mentions_entity_document ON mentions (entity_id, document_id);
CREATE INDEX ix_mentions_document_id ON mentions (document_id);
CREATE INDEX ix_mention_pins_document_id ON mention_pins (document_id);
COMMIT;
