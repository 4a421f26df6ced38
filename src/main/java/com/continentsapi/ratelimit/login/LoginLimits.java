package com.continentsapi.ratelimit.login;

/** Failed logins allowed per user name and client, per client, and per user name, in one window. */
public record LoginLimits(boolean enabled, long limit, long clientLimit, long userLimit, long windowSeconds) {
}
