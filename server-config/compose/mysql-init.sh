#!/bin/sh
# The MySQL image runs this once, on an empty data volume, as its root: the countries database and the
# application's user with the password from DB_PASSWORD (server-config/mysql/create-database.sql).
set -eu
{ printf "SET @app_password = '%s';\n" "$DB_PASSWORD"; cat /continents/create-database.sql; } \
    | mysql --protocol=socket -uroot -p"$MYSQL_ROOT_PASSWORD"
