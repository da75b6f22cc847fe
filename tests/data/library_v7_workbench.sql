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
INSERT INTO "aliases" VALUES(1,1,'place','melitopol','Melitopol',0);
INSERT INTO "aliases" VALUES(2,2,'organization','resistance','Resistance',0);
INSERT INTO "aliases" VALUES(3,3,'person','ivan fedorov','Ivan Fedorov',0);
INSERT INTO "aliases" VALUES(4,4,'place','zaporizhzhia','Zaporizhzhia',0);
INSERT INTO "aliases" VALUES(5,5,'place','kyiv','Kyiv',0);
INSERT INTO "aliases" VALUES(6,6,'person','vitali klitschko','Vitali Klitschko',0);
CREATE TABLE blocked_spellings (
	id INTEGER NOT NULL, 
	entity_id INTEGER NOT NULL, 
	"key" VARCHAR(500) NOT NULL, 
	name VARCHAR(500) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (entity_id, "key"), 
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE
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
INSERT INTO "curation_log" VALUES(1,'edit','edited the title of “Kyiv mayor Klitschko warns of winter (edited)”','{"documents": {"2": {"title": "Kyiv council meets", "source_id": null, "source_raw": null, "author": null, "published": null, "published_from": null, "url": null, "edited": null}}}','2026-12-02 20:42:33.638467',0);
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
	entities_status VARCHAR(20), edited VARCHAR(100), trashed_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (text_sha256), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
INSERT INTO "documents" VALUES(1,'a.txt','/tmp/v6arts/a.txt','2270e88d73c3171c8e791386f1575bb9d61b56e3224b7929e9a961e0a4ec2bb1',177,'c47e99870a46a58945977917439f46ea0728fbf28c754e3d2736730a1d0dbd4a','text','Train derailed near Melitopol',NULL,NULL,NULL,NULL,NULL,'en',NULL,'Train derailed near Melitopol

Resistance fighters in Melitopol derailed a Russian armored train on Thursday, Ivan Fedorov said. The mayor of Melitopol spoke from Zaporizhzhia.','2026-12-02 19:47:56.319305',3,NULL,NULL,NULL);
INSERT INTO "documents" VALUES(2,'b.txt','/tmp/v6arts/b.txt','f06527c83794170854fa89004951ffbb633fd9cda65edd2fd4d9b634a121d565',113,'231396c1426da31908be2c5dc2d10bf1d03f4f9d8e5e9f3d8e212439f6fdbbb9','text','Kyiv mayor Klitschko warns of winter (edited)',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'Kyiv council meets

The city council of Kyiv met on Monday. Vitali Klitschko said repairs would start in spring.','2026-12-02 19:47:56.323581',3,NULL,'title',NULL);
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
INSERT INTO "entities" VALUES(1,'place','Melitopol',0,0,NULL,NULL,NULL);
INSERT INTO "entities" VALUES(2,'organization','Resistance',0,0,'resistance',NULL,NULL);
INSERT INTO "entities" VALUES(3,'person','Ivan Fedorov',0,0,'ivan federev','federev',NULL);
INSERT INTO "entities" VALUES(4,'place','Zaporizhzhia',0,0,NULL,NULL,NULL);
INSERT INTO "entities" VALUES(5,'place','Kyiv',0,0,NULL,NULL,NULL);
INSERT INTO "entities" VALUES(6,'person','Vitali Klitschko',0,0,'vitali klitschke','klitschke',NULL);
CREATE TABLE index_queue (
	document_id INTEGER NOT NULL, 
	deleted BOOLEAN NOT NULL, 
	PRIMARY KEY (document_id)
);
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
INSERT INTO "mentions" VALUES(1,1,1,20,29,'Melitopol','same',NULL);
INSERT INTO "mentions" VALUES(2,1,2,31,41,'Resistance','model',NULL);
INSERT INTO "mentions" VALUES(3,1,1,54,63,'Melitopol','same',NULL);
INSERT INTO "mentions" VALUES(4,1,3,110,122,'Ivan Fedorov','same',NULL);
INSERT INTO "mentions" VALUES(5,1,1,142,151,'Melitopol','same',NULL);
INSERT INTO "mentions" VALUES(6,1,4,163,175,'Zaporizhzhia','same',NULL);
INSERT INTO "mentions" VALUES(7,2,5,0,4,'Kyiv','same',NULL);
INSERT INTO "mentions" VALUES(8,2,6,60,76,'Vitali Klitschko','same',NULL);
CREATE TABLE sources (
	id INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
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
CREATE INDEX ix_entities_surname_key ON entities (surname_key);
CREATE INDEX ix_entities_merged_into ON entities (merged_into);
CREATE INDEX ix_entities_kind ON entities (kind);
CREATE INDEX ix_entities_fold_key ON entities (fold_key);
CREATE INDEX ix_documents_source_id ON documents (source_id);
CREATE INDEX ix_documents_original_sha256 ON documents (original_sha256);
CREATE INDEX ix_documents_entities_version ON documents (entities_version);
CREATE INDEX ix_documents_published ON documents (published);
CREATE INDEX ix_aliases_entity_id ON aliases (entity_id);
CREATE INDEX ix_suggestions_status ON suggestions (status);
CREATE INDEX ix_suggestions_target_id ON suggestions (target_id);
CREATE INDEX ix_suggestions_entity_id ON suggestions (entity_id);
CREATE INDEX ix_blocked_spellings_entity_id ON blocked_spellings (entity_id);
CREATE INDEX ix_mentions_document_id ON mentions (document_id);
CREATE INDEX ix_mentions_entity_document ON mentions (entity_id, document_id);
CREATE INDEX ix_mention_pins_document_id ON mention_pins (document_id);
CREATE INDEX ix_documents_trashed_at ON documents (trashed_at);
COMMIT;
