-- The countries database and the application's user, with no more privileges than it needs (why each one:
-- server-config/mysql/README.md, which also says how to run this with the password from the environment).
CREATE DATABASE IF NOT EXISTS countries CHARACTER SET utf8mb4;

SET @create_user = CONCAT('CREATE USER IF NOT EXISTS ''continents''@''%'' IDENTIFIED BY ', QUOTE(@app_password));
PREPARE create_user FROM @create_user;
EXECUTE create_user;
DEALLOCATE PREPARE create_user;

GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX ON countries.* TO 'continents'@'%';
