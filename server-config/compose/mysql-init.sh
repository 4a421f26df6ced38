#!/bin/sh
# The MySQL image runs this once, on an empty data volume, as its root: the countries database and the
# application's user with the password from DB_PASSWORD (server-config/mysql/create-database.sql).
# The password reaches MySQL as hex digits, which SQL reads as data whatever the password holds: a quote or a
# backslash in it can neither break the statement nor add one that would run as root.
set -eu
hex=$(printf '%s' "$DB_PASSWORD" | od -An -v -tx1 | tr -d ' \n')
{ printf "SET @app_password = CONVERT(UNHEX('%s') USING utf8mb4);\n" "$hex"; cat /continents/create-database.sql; } \
    | mysql --protocol=socket -uroot -p"$MYSQL_ROOT_PASSWORD"
