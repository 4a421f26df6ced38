-- Callers of the API. No user is created here: a production database starts without default credentials.
-- username is VARBINARY so names compare byte for byte: with a case-insensitive or space-padding collation
-- 'John_Doe' or 'john_doe ' would log in as john_doe under another name, and so open a fresh quota.
-- password_hash holds a Jakarta Security Pbkdf2PasswordHash value: algorithm:iterations:salt:hash (Base64).
CREATE TABLE users (
    username      VARBINARY(100) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255)   NOT NULL,
    role          VARCHAR(32)    NOT NULL DEFAULT 'user'
);
