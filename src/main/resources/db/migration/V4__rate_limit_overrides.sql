-- An operator's rate limit for one user under one policy, in place of the policy's (PUT
-- /admin/ratelimit/{user}/overrides/{policy}). NULL window or burst: the policy's window, a burst equal to the
-- limit. expires_at: milliseconds since the epoch (UTC, whatever the server's time zone), NULL for none.
-- username as in users (VARBINARY: byte for byte); no foreign key, which would need the REFERENCES privilege.
CREATE TABLE rate_limit_overrides (
    username       VARBINARY(100) NOT NULL,
    policy         VARCHAR(32)    NOT NULL,
    limit_units    BIGINT         NOT NULL,
    window_seconds BIGINT         NULL,
    burst          BIGINT         NULL,
    expires_at     BIGINT         NULL,
    PRIMARY KEY (username, policy)
);
