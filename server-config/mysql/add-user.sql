-- Adds an API user: @name, and @hash from HashPassword.java. How to run it: server-config/mysql/README.md, "Users".
INSERT INTO countries.users (username, password_hash) VALUES (@name, @hash);
