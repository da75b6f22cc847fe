BEGIN TRANSACTION;
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
INSERT INTO "aliases" VALUES(1,1,'place','azovstal','Azovstal',0);
INSERT INTO "aliases" VALUES(2,2,'place','ukraine','Ukraine',0);
INSERT INTO "aliases" VALUES(3,3,'person','oleksiy arestovych','Oleksiy Arestovych',0);
INSERT INTO "aliases" VALUES(4,4,'person','volodymyr zelensky','Volodymyr Zelensky',0);
INSERT INTO "aliases" VALUES(5,5,'organization','resistance movement','Resistance Movement',0);
INSERT INTO "aliases" VALUES(6,6,'place','melitopol','Melitopol',0);
INSERT INTO "aliases" VALUES(7,3,'person','arestovych','Arestovych',0);
INSERT INTO "aliases" VALUES(8,7,'person','ivan fedorov','Ivan Fedorov',0);
INSERT INTO "aliases" VALUES(9,7,'person','fedorov','Fedorov',0);
INSERT INTO "aliases" VALUES(10,8,'place','zaporizhzhia','Zaporizhzhia',0);
INSERT INTO "aliases" VALUES(11,9,'organization','cnn','CNN',0);
INSERT INTO "aliases" VALUES(12,10,'place','kherson','Kherson',0);
INSERT INTO "aliases" VALUES(13,11,'place','mariupol','Mariupol',0);
INSERT INTO "aliases" VALUES(14,12,'place','russia','Russia',0);
INSERT INTO "aliases" VALUES(15,13,'date','2022-05-07','2022-05-07',0);
INSERT INTO "aliases" VALUES(16,14,'place','moscow','Moscow',0);
INSERT INTO "aliases" VALUES(17,15,'place','kyiv','Kyiv',0);
INSERT INTO "aliases" VALUES(18,15,'place','kiev','Kiev',0);
INSERT INTO "aliases" VALUES(19,16,'organization','donetsk people republic','Donetsk People''s Republic',0);
INSERT INTO "aliases" VALUES(20,16,'organization','donetsk people''s republic','Donetsk People’s Republic',0);
INSERT INTO "aliases" VALUES(21,17,'organization','russian armed forces','Russian Armed Forces',0);
INSERT INTO "aliases" VALUES(22,17,'organization','russian army','Russian army',0);
INSERT INTO "aliases" VALUES(23,1,'place','azovstal factory','Azovstal factory',0);
INSERT INTO "aliases" VALUES(24,16,'organization','donetsk republic','Donetsk Republic',0);
INSERT INTO "aliases" VALUES(25,18,'person','alexander khodakovsky','Alexander Khodakovsky',0);
INSERT INTO "aliases" VALUES(26,1,'place','azovstal complex','Azovstal complex',0);
INSERT INTO "aliases" VALUES(27,18,'person','khodakovsky','Khodakovsky',0);
INSERT INTO "aliases" VALUES(28,19,'organization','russian defense ministry','Russian Defense Ministry',0);
INSERT INTO "aliases" VALUES(29,20,'place','kharkiv','Kharkiv',0);
INSERT INTO "aliases" VALUES(30,20,'place','kharkiv region','Kharkiv region',0);
INSERT INTO "aliases" VALUES(31,21,'place','odesa','Odesa',0);
INSERT INTO "aliases" VALUES(32,21,'place','odessa','Odessa',0);
INSERT INTO "aliases" VALUES(33,22,'organization','british defense ministry','British Ministry of Defence',0);
INSERT INTO "aliases" VALUES(34,22,'organization','british ministry of defense','British Ministry of Defense',0);
INSERT INTO "aliases" VALUES(35,23,'place','donbas','Donbas',0);
INSERT INTO "aliases" VALUES(36,23,'place','donbass','Donbass',0);
INSERT INTO "aliases" VALUES(37,24,'place','united states','United States',0);
INSERT INTO "aliases" VALUES(38,25,'place','united kingdom','United Kingdom',0);
INSERT INTO "aliases" VALUES(39,25,'place','britain','Britain',0);
INSERT INTO "aliases" VALUES(40,26,'organization','russian national defense control center','Russian National Defence Control Centre',0);
INSERT INTO "aliases" VALUES(41,27,'person','mikhail mezintsev','Mikhail Mezintsev',0);
INSERT INTO "aliases" VALUES(42,28,'place','sievierodonetsk','Sievierodonetsk',0);
INSERT INTO "aliases" VALUES(43,28,'place','severodonetsk','Severodonetsk',0);
INSERT INTO "aliases" VALUES(44,29,'organization','luhansk people republic','Luhansk People''s Republic',0);
INSERT INTO "aliases" VALUES(45,29,'organization','lugansk people''s republic','Lugansk People’s Republic',0);
INSERT INTO "aliases" VALUES(46,30,'place','pervomaisk','Pervomaisk',0);
INSERT INTO "aliases" VALUES(47,31,'place','kadiivka','Kadiivka',0);
INSERT INTO "aliases" VALUES(48,31,'place','stakhanov','Stakhanov',0);
INSERT INTO "aliases" VALUES(49,32,'place','kalinov','Kalinov',0);
INSERT INTO "aliases" VALUES(50,33,'place','russian republic','Russian Republic',0);
INSERT INTO "aliases" VALUES(51,34,'place','chechnya','Chechnya',0);
INSERT INTO "aliases" VALUES(52,35,'person','ramzan kadyrov','Ramzan Kadyrov',0);
INSERT INTO "aliases" VALUES(53,36,'place','vojvodovka','Vojvodovka',0);
INSERT INTO "aliases" VALUES(54,37,'place','luhansk','Luhansk',0);
INSERT INTO "aliases" VALUES(55,37,'place','lugansk','Lugansk',0);
INSERT INTO "aliases" VALUES(56,38,'person','igor konashenkov','Igor Konashenkov',0);
INSERT INTO "aliases" VALUES(57,39,'place','izium','Izium',0);
INSERT INTO "aliases" VALUES(58,39,'place','izum','Izum',0);
INSERT INTO "aliases" VALUES(59,20,'place','kharkov province','Kharkov province',0);
INSERT INTO "aliases" VALUES(60,40,'organization','united nations','United Nations',0);
INSERT INTO "aliases" VALUES(61,41,'person','antonio guterres','Antonio Guterres',0);
INSERT INTO "aliases" VALUES(62,23,'place','donbass region','Donbass region',0);
INSERT INTO "aliases" VALUES(63,41,'person','guterres','Guterres',0);
INSERT INTO "aliases" VALUES(64,1,'place','azovstal steel plant','Azovstal steel plant',0);
INSERT INTO "aliases" VALUES(65,42,'organization','ukrainian government','Ukrainian Government',0);
INSERT INTO "aliases" VALUES(66,43,'organization','international committee of red cross','International Committee of the Red Cross',0);
INSERT INTO "aliases" VALUES(67,43,'organization','international committee of the red cross','International Committee of the Red Cross',0);
INSERT INTO "aliases" VALUES(68,44,'place','sea of azov','Sea of Azov',0);
INSERT INTO "aliases" VALUES(69,1,'place','azovstal plant','Azovstal plant',0);
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
	text TEXT NOT NULL, 
	imported_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (text_sha256), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
INSERT INTO "documents" VALUES(1,'000_7c70147f503d4823.txt','/tmp/v1wt/seeds/000_7c70147f503d4823.txt','e6d416a902276aa371d520ab7b2bcfd07695e89d69f8c0df5c15a3fc3e9dc292',2519,'37c9b5dd68ceebeb092b472ca327c15eba47392211b757d9c9a82363d4f27543','text','Ukrainian military official says Azovstal evacuation continues',1,'Ipodifier',NULL,NULL,NULL,'en','Ukrainian military official says Azovstal evacuation continues

Ukrainian military official says Azovstal evacuation continues

Ukrainian officials have spoken about a rising incidence of armed resistance in Russian-occupied parts of southern Ukraine.

On Thursday, Oleksiy Arestovych, an adviser to President Volodymyr Zelensky, said that sabotage by the Resistance Movement in Melitopol had resulted in the derailing of a Russian armored train. Melitopol has been occupied by the Russians since early March.

Arestovych claimed that railroad cars carrying personnel and ammunition overturned, detonating the ammunition.

“There was an explosion on the track, not of an armored train. Unfortunately, not a single occupier died in the explosion, they just got away with a minor scare. But what is important — Ukrainian guerrillas in the south are active and effective,” he said.

Ivan Fedorov, the elected mayor of Melitopol, gave a similar account on Thursday. Fedorov is currently not in Melitopol. According to unofficial accounts from the area, the train consisted of 10 wagons, and railway tracks were damaged, the armored train was stopped, and a locomotive with 10 fuel tanks that was following the armored train was also stopped.

Separately, the Zaporizhzhia regional administration noted Thursday that “the Russian military does not allow railroad workers to be involved in track maintenance but continues heavy use of the railway. Such negligence plus actions of the Resistance Movement in Melitopol resulted a Russian armored train being derailed.”

Arestovych indicated that the sabotage was not an isolated incident. “According to the available information, two high ranked Russian officers were eliminated,” he said.

On Wednesday, the Zaporizhzhia military administration also said the guerrilla movement in Melitopol had “eliminated two Russian military servicemen of high rank. The occupiers are trying to conceal this situation. But today the occupiers have been searching private transport especially thoroughly, apparently looking for partisans.”

CNN cannot independently confirm the attacks on the train or the Russian officers.

Arestovych also said that “leaflets are being disseminated all over” in occupied areas,

In recent days, graphic posters depicting Russian soldiers being killed by partisans have begun to appear in occupied parts of Zaporizhzhia and Kherson. It’s unclear how widespread they are.

Quoted from Various Sources

Published for: Ipodifier','2026-11-22 23:37:51.769348');
INSERT INTO "documents" VALUES(2,'004_90168afd947e35b7.txt','/tmp/v1wt/seeds/004_90168afd947e35b7.txt','e1574b5677d51708e0053a1ff61fcc43e4eccc363790e0476b2cf5e1f81458b2',4993,'d6166a5cbdeb9427785a4226d3e02fcecb4e7a85dcf3f789d674e5c933a870e6','text','The first direct contact between the Russian and Ukrainian military in Mariupol',NULL,NULL,NULL,'2022-05-07','war day count','en','The first direct contact between the Russian and Ukrainian military in Mariupol

with entry Russia’s military operation in Ukraine on its 73rd dayToday, Saturday, Russian forces continue to destroy Ukrainian military sites, while the West is preparing to adopt a new package of sanctions once morest Moscow in light of the escalation of its military and moral support for Kiev, while the evacuations from Mariupol continue.

In the latest developments, a leader in the forces of the Donetsk People’s Republic announced that the first in attendance between representatives of the Russian army and the besieged Ukrainian forces inside the Azovstal factory in the city of Mariupol since the start of the conflict.

The commander of the “Vostok” battalion of the forces of the Donetsk Republic, Alexander Khodakovsky, said on his channel in the “Telegram” application today, Saturday: “A group of troops carrying a white flag went out to a road leading from the bridge, where civilians who were evacuated to the Azovstal complex were received.” .

Khodakovsky indicated that a group of Russian military personnel went as negotiators to meet with them, stressing that this is “the first personal contact since the start of the Mariupol siege” between the two parties to the conflict.

Before that, the Russian Defense Ministry reported the destruction of American and European weapons and equipment by bombing in the Kharkiv region, while 18 Ukrainian military sites were targeted last night, including 3 ammunition depots near Odessa.

The British Ministry of Defense stated that the conflict in Ukraine is taking a heavy toll on some of Russia’s most advanced and capable units. It added that at least one T-90M tank, the most advanced in Russia, was destroyed during the fighting.

It said that regarding 100 T-90M tanks are in service among the best-equipped Russian units, including those fighting in Ukraine.

Forces loyal to the Russian army continue their operations in the vicinity of the Azovstal factory, where the Ukrainian forces are holed up in the city of Mariupol, where they used tanks and heavy artillery to penetrate the defenses of the Ukrainian forces inside the besieged factory.

This comes as the Russian Defense Ministry announced that “Nazi formations” and Kyiv forces are preparing provocations in an area where chemical industries are concentrated in Donbass, southeast of Ukraine, “at the direction of their sponsors in the United States and Britain.”

Head of the Russian National Defense Control Center Lieutenant-General Mikhail Mezintsev said: At the sites of the “Azot” company in Severodonetsk, Lugansk People’s Republic, they have deployed heavy weapons, where they are holding more than a thousand factory workers and civilians as human shields, and at the same time the Nazis are systematically bombing the towns of Pervomaisk Stakhanov and Kalinov, to provoke the Russian forces to respond, with the aim of accusing the Russian army of killing civilians and causing a disaster, as he put it.

On the ground, the President of the Russian Republic of Chechnya Ramzan Kadyrov declared frustration Kyiv forces attempt to launch a counterattack in the village of Vojvodovka in LuganskThe attackers inflicted heavy human and material losses and destroyed their command center.

The spokesman of the Russian Defense Ministry, Major General Igor Konashenkov, announced that Russian defenses had shot down a Ukrainian Su-27 plane and intercepted two Ukrainian “Smerch” missiles targeting the city of Izum in the Kharkov province.

In humanitarian terms, United Nations Secretary-General Antonio Guterres announced the evacuation of hundreds of civilians from the city of Mariupol in the Donbass region and its surrounding areas, during a humanitarian operation carried out in coordination between Russia and Ukraine.

Guterres said on his Twitter account yesterday, Friday, that About 500 people were evacuated in two convoys from Mariupolespecially the Azovstal steel plant, which is still the last stronghold of the Ukrainian government forces there, and the areas surrounding this city, within the framework of a successful operation carried out by the United Nations in cooperation with the International Committee of the Red Cross.

“I hope that continued coordination between Moscow and Kiev will lead to more humanitarian pauses in order to provide a safe passage for civilians,” he added.

Since the start of the Russian military operation in Ukraine, Mariupol, the largest city overlooking the Sea of Azov, has witnessed fierce battles, during which the forces of Russia and the Donetsk People’s Republic managed to control the entire city, except for the Azovstal plant.

Ukrainian officials have accused Russia of violating a ceasefire today aimed at evacuating dozens of civilians trapped underground in the bombed steel plant, following fighting thwarted efforts to rescue them the day before.','2026-11-22 23:37:52.225195');
CREATE TABLE entities (
	id INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	name VARCHAR(500) NOT NULL, 
	ignored BOOLEAN NOT NULL, 
	user_set BOOLEAN NOT NULL, 
	fold_key VARCHAR(500), 
	surname_key VARCHAR(200), 
	PRIMARY KEY (id), 
	CHECK (kind IN ('place','person','organization','date'))
);
INSERT INTO "entities" VALUES(1,'place','Azovstal',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(2,'place','Ukraine',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(3,'person','Oleksiy Arestovych',0,0,'oleksi arestevich','arestevich');
INSERT INTO "entities" VALUES(4,'person','Volodymyr Zelensky',0,0,'voledimir zelenski','zelenski');
INSERT INTO "entities" VALUES(5,'organization','Resistance Movement',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(6,'place','Melitopol',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(7,'person','Ivan Fedorov',0,0,'ivan federev','federev');
INSERT INTO "entities" VALUES(8,'place','Zaporizhzhia',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(9,'organization','CNN',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(10,'place','Kherson',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(11,'place','Mariupol',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(12,'place','Russia',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(13,'date','2022-05-07',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(14,'place','Moscow',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(15,'place','Kyiv',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(16,'organization','Donetsk People''s Republic',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(17,'organization','Russian Armed Forces',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(18,'person','Alexander Khodakovsky',0,0,'aleksander hodakevski','hodakevski');
INSERT INTO "entities" VALUES(19,'organization','Russian Defense Ministry',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(20,'place','Kharkiv',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(21,'place','Odesa',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(22,'organization','British Ministry of Defence',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(23,'place','Donbas',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(24,'place','United States',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(25,'place','United Kingdom',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(26,'organization','Russian National Defence Control Centre',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(27,'person','Mikhail Mezintsev',0,0,'mihail mezintsev','mezintsev');
INSERT INTO "entities" VALUES(28,'place','Sievierodonetsk',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(29,'organization','Luhansk People''s Republic',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(30,'place','Pervomaisk',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(31,'place','Kadiivka',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(32,'place','Kalinov',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(33,'place','Russian Republic',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(34,'place','Chechnya',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(35,'person','Ramzan Kadyrov',0,0,'ramzan kadirev','kadirev');
INSERT INTO "entities" VALUES(36,'place','Vojvodovka',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(37,'place','Luhansk',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(38,'person','Igor Konashenkov',0,0,'iger konashenkev','konashenkev');
INSERT INTO "entities" VALUES(39,'place','Izium',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(40,'organization','United Nations',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(41,'person','Antonio Guterres',0,0,'antenie guteres','guteres');
INSERT INTO "entities" VALUES(42,'organization','Ukrainian Government',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(43,'organization','International Committee of the Red Cross',0,0,NULL,NULL);
INSERT INTO "entities" VALUES(44,'place','Sea of Azov',0,0,NULL,NULL);
CREATE TABLE index_queue (
	document_id INTEGER NOT NULL, 
	deleted BOOLEAN NOT NULL, 
	PRIMARY KEY (document_id)
);
CREATE TABLE mentions (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	entity_id INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text VARCHAR(500) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE
);
INSERT INTO "mentions" VALUES(1,1,1,33,41,'Azovstal');
INSERT INTO "mentions" VALUES(2,1,1,97,105,'Azovstal');
INSERT INTO "mentions" VALUES(3,1,2,243,250,'Ukraine');
INSERT INTO "mentions" VALUES(4,1,3,266,284,'Oleksiy Arestovych');
INSERT INTO "mentions" VALUES(5,1,4,310,328,'Volodymyr Zelensky');
INSERT INTO "mentions" VALUES(6,1,5,356,375,'Resistance Movement');
INSERT INTO "mentions" VALUES(7,1,6,379,388,'Melitopol');
INSERT INTO "mentions" VALUES(8,1,6,447,456,'Melitopol');
INSERT INTO "mentions" VALUES(9,1,3,511,521,'Arestovych');
INSERT INTO "mentions" VALUES(10,1,7,880,892,'Ivan Fedorov');
INSERT INTO "mentions" VALUES(11,1,6,915,924,'Melitopol');
INSERT INTO "mentions" VALUES(12,1,7,962,969,'Fedorov');
INSERT INTO "mentions" VALUES(13,1,6,990,999,'Melitopol');
INSERT INTO "mentions" VALUES(14,1,8,1255,1267,'Zaporizhzhia');
INSERT INTO "mentions" VALUES(15,1,5,1478,1497,'Resistance Movement');
INSERT INTO "mentions" VALUES(16,1,6,1501,1510,'Melitopol');
INSERT INTO "mentions" VALUES(17,1,3,1562,1572,'Arestovych');
INSERT INTO "mentions" VALUES(18,1,8,1751,1763,'Zaporizhzhia');
INSERT INTO "mentions" VALUES(19,1,6,1824,1833,'Melitopol');
INSERT INTO "mentions" VALUES(20,1,9,2069,2072,'CNN');
INSERT INTO "mentions" VALUES(21,1,3,2153,2163,'Arestovych');
INSERT INTO "mentions" VALUES(22,1,8,2369,2381,'Zaporizhzhia');
INSERT INTO "mentions" VALUES(23,1,10,2386,2393,'Kherson');
INSERT INTO "mentions" VALUES(24,2,11,71,79,'Mariupol');
INSERT INTO "mentions" VALUES(25,2,12,92,98,'Russia');
INSERT INTO "mentions" VALUES(26,2,2,123,130,'Ukraine');
INSERT INTO "mentions" VALUES(27,2,13,153,161,'Saturday');
INSERT INTO "mentions" VALUES(28,2,14,300,306,'Moscow');
INSERT INTO "mentions" VALUES(29,2,15,372,376,'Kiev');
INSERT INTO "mentions" VALUES(30,2,11,405,413,'Mariupol');
INSERT INTO "mentions" VALUES(31,2,16,483,508,'Donetsk People’s Republic');
INSERT INTO "mentions" VALUES(32,2,17,579,591,'Russian army');
INSERT INTO "mentions" VALUES(33,2,1,637,653,'Azovstal factory');
INSERT INTO "mentions" VALUES(34,2,11,669,677,'Mariupol');
INSERT INTO "mentions" VALUES(35,2,16,773,789,'Donetsk Republic');
INSERT INTO "mentions" VALUES(36,2,18,791,812,'Alexander Khodakovsky');
INSERT INTO "mentions" VALUES(37,2,13,864,869,'today');
INSERT INTO "mentions" VALUES(38,2,13,871,879,'Saturday');
INSERT INTO "mentions" VALUES(39,2,1,1008,1024,'Azovstal complex');
INSERT INTO "mentions" VALUES(40,2,18,1044,1055,'Khodakovsky');
INSERT INTO "mentions" VALUES(41,2,11,1222,1230,'Mariupol');
INSERT INTO "mentions" VALUES(42,2,19,1297,1321,'Russian Defense Ministry');
INSERT INTO "mentions" VALUES(43,2,20,1412,1426,'Kharkiv region');
INSERT INTO "mentions" VALUES(44,2,21,1523,1529,'Odessa');
INSERT INTO "mentions" VALUES(45,2,22,1536,1563,'British Ministry of Defense');
INSERT INTO "mentions" VALUES(46,2,2,1592,1599,'Ukraine');
INSERT INTO "mentions" VALUES(47,2,12,1634,1640,'Russia');
INSERT INTO "mentions" VALUES(48,2,12,1736,1742,'Russia');
INSERT INTO "mentions" VALUES(49,2,2,1901,1908,'Ukraine');
INSERT INTO "mentions" VALUES(50,2,17,1931,1943,'Russian army');
INSERT INTO "mentions" VALUES(51,2,1,1993,2009,'Azovstal factory');
INSERT INTO "mentions" VALUES(52,2,11,2066,2074,'Mariupol');
INSERT INTO "mentions" VALUES(53,2,19,2216,2240,'Russian Defense Ministry');
INSERT INTO "mentions" VALUES(54,2,15,2278,2282,'Kyiv');
INSERT INTO "mentions" VALUES(55,2,23,2374,2381,'Donbass');
INSERT INTO "mentions" VALUES(56,2,2,2396,2403,'Ukraine');
INSERT INTO "mentions" VALUES(57,2,24,2448,2461,'United States');
INSERT INTO "mentions" VALUES(58,2,25,2466,2473,'Britain');
INSERT INTO "mentions" VALUES(59,2,26,2489,2528,'Russian National Defense Control Center');
INSERT INTO "mentions" VALUES(60,2,27,2548,2565,'Mikhail Mezintsev');
INSERT INTO "mentions" VALUES(61,2,28,2610,2623,'Severodonetsk');
INSERT INTO "mentions" VALUES(62,2,29,2625,2650,'Lugansk People’s Republic');
INSERT INTO "mentions" VALUES(63,2,30,2849,2859,'Pervomaisk');
INSERT INTO "mentions" VALUES(64,2,31,2860,2869,'Stakhanov');
INSERT INTO "mentions" VALUES(65,2,32,2874,2881,'Kalinov');
INSERT INTO "mentions" VALUES(66,2,17,2954,2966,'Russian army');
INSERT INTO "mentions" VALUES(67,2,33,3063,3079,'Russian Republic');
INSERT INTO "mentions" VALUES(68,2,34,3083,3091,'Chechnya');
INSERT INTO "mentions" VALUES(69,2,35,3092,3106,'Ramzan Kadyrov');
INSERT INTO "mentions" VALUES(70,2,15,3128,3132,'Kyiv');
INSERT INTO "mentions" VALUES(71,2,36,3192,3202,'Vojvodovka');
INSERT INTO "mentions" VALUES(72,2,37,3206,3213,'Lugansk');
INSERT INTO "mentions" VALUES(73,2,19,3327,3351,'Russian Defense Ministry');
INSERT INTO "mentions" VALUES(74,2,38,3367,3383,'Igor Konashenkov');
INSERT INTO "mentions" VALUES(75,2,39,3525,3529,'Izum');
INSERT INTO "mentions" VALUES(76,2,20,3537,3553,'Kharkov province');
INSERT INTO "mentions" VALUES(77,2,40,3579,3593,'United Nations');
INSERT INTO "mentions" VALUES(78,2,41,3612,3628,'Antonio Guterres');
INSERT INTO "mentions" VALUES(79,2,11,3696,3704,'Mariupol');
INSERT INTO "mentions" VALUES(80,2,23,3712,3726,'Donbass region');
INSERT INTO "mentions" VALUES(81,2,12,3822,3828,'Russia');
INSERT INTO "mentions" VALUES(82,2,2,3833,3840,'Ukraine');
INSERT INTO "mentions" VALUES(83,2,41,3843,3851,'Guterres');
INSERT INTO "mentions" VALUES(84,2,1,3979,3999,'Azovstal steel plant');
INSERT INTO "mentions" VALUES(85,2,42,4043,4063,'Ukrainian government');
INSERT INTO "mentions" VALUES(86,2,40,4181,4195,'United Nations');
INSERT INTO "mentions" VALUES(87,2,43,4220,4260,'International Committee of the Red Cross');
INSERT INTO "mentions" VALUES(88,2,14,4307,4313,'Moscow');
INSERT INTO "mentions" VALUES(89,2,15,4318,4322,'Kiev');
INSERT INTO "mentions" VALUES(90,2,2,4476,4483,'Ukraine');
INSERT INTO "mentions" VALUES(91,2,11,4485,4493,'Mariupol');
INSERT INTO "mentions" VALUES(92,2,44,4528,4539,'Sea of Azov');
INSERT INTO "mentions" VALUES(93,2,12,4598,4604,'Russia');
INSERT INTO "mentions" VALUES(94,2,16,4613,4638,'Donetsk People’s Republic');
INSERT INTO "mentions" VALUES(95,2,1,4690,4704,'Azovstal plant');
INSERT INTO "mentions" VALUES(96,2,12,4740,4746,'Russia');
INSERT INTO "mentions" VALUES(97,2,13,4772,4777,'today');
CREATE TABLE sources (
	id INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
INSERT INTO "sources" VALUES(1,'Ipodifier','ipodifier');
CREATE INDEX ix_entities_fold_key ON entities (fold_key);
CREATE INDEX ix_entities_kind ON entities (kind);
CREATE INDEX ix_entities_surname_key ON entities (surname_key);
CREATE INDEX ix_documents_published ON documents (published);
CREATE INDEX ix_documents_original_sha256 ON documents (original_sha256);
CREATE INDEX ix_documents_source_id ON documents (source_id);
CREATE INDEX ix_aliases_entity_id ON aliases (entity_id);
CREATE INDEX ix_mentions_entity_document ON mentions (entity_id, document_id);
CREATE INDEX ix_mentions_document_id ON mentions (document_id);
COMMIT;
