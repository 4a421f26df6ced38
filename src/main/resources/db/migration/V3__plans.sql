-- A user's plan picks its rate limit policies (ratelimit.plan.<plan>.policies); NULL means the default policies.
ALTER TABLE users ADD COLUMN plan VARCHAR(32) NULL;
