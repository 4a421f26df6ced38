-- The countries database and the application's user, with no more privileges than it needs.
-- Run once as an administrator, with the user's password set first (read from the environment, not typed
-- on a command line, and passed as hex digits so that no character of it is read as SQL):
--   { printf "SET @app_password = CONVERT(UNHEX('%s') USING utf8mb4);\n" "$(printf '%s' "$DB_PASSWORD" | od -An -v -tx1 | tr -d ' \n')"; cat create-database.sql; } | mysql -u root -p
-- The application creates and upgrades its own tables (Flyway) at start-up, hence CREATE, ALTER and INDEX on
-- this one database; it reads and writes rows, and nothing else: no other database, no DROP, no GRANT,
-- no FILE, no PROCESS. Narrow '%' to the application's hosts where you can.
CREATE DATABASE IF NOT EXISTS countries CHARACTER SET utf8mb4;

SET @create_user = CONCAT('CREATE USER IF NOT EXISTS ''continents''@''%'' IDENTIFIED BY ', QUOTE(@app_password));
PREPARE create_user FROM @create_user;
EXECUTE create_user;
DEALLOCATE PREPARE create_user;

GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX ON countries.* TO 'continents'@'%';
