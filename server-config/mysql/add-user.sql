-- Adds an API user. Produce the hash first, typing the password on standard input:
--   java server-config/mysql/HashPassword.java
-- then, as an administrator:
--   { printf "SET @name = '%s', @hash = '%s';\n" "$NAME" "$HASH"; cat add-user.sql; } | mysql -u root -p countries
INSERT INTO users (username, password_hash) VALUES (@name, @hash);
