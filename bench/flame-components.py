#!/usr/bin/env python3
# bench/flame-components.py <results prefix>: Payara Micro's CPU per request by component, limiter off against on
# (and before, when profiled), from bench/profile.sh's <prefix>-<stack>.collapsed and <prefix>.txt. Each CPU sample goes to
# the first component below whose frames its stack holds (the frames under the filter's chain.doFilter are the rest of
# the request's); a component's share of the samples times the stack's
# CPU per request (from /proc) gives its microseconds per request.
import re, sys, collections

COMPONENTS = [  # (name, pattern a stack must hold); the first match takes the sample
    ('Jedis connection pool', r'org/apache/commons/pool2|redis/clients/jedis/(ConnectionFactory|util/Pool|ConnectionPool)'),
    ('Redis socket I/O (JDK and kernel)', r'redis/clients/jedis/.*;(sun/nio/ch/|java/net/Socket|sun/security/ssl/)'),
    ('Jedis encoding and decoding', r'redis/clients/jedis/'),
    ('park and wake of batched callers', r'com/continentsapi/ratelimit/.*;(java/util/concurrent/locks/|jdk/internal/misc/Unsafe\.(un)?park)'),
    ('metrics', r'com/continentsapi/ratelimit/control/(MicroProfileMetrics|LimiterMetrics)'),
    ('header fields', r'com/continentsapi/ratelimit/entity/RateLimitFields'),
    ('denial cache', r'com/continentsapi/ratelimit/control/DenialCache'),
    ('overrides lookup', r'com/continentsapi/ratelimit/overrides/Overrides\.applyTo'),
    ('rules and settings', r'com/continentsapi/ratelimit/entity/Rules\.|com/continentsapi/ratelimit/control/RateLimitSettings'),
    ('script arguments and keys', r'DecisionScript\.arguments|Algorithm\.arguments|RateLimiter\.keys'),
    ('reading the reply', r'DecisionScript\.decisions|entity/Decision\.of|entity/Verdict'),
    ('CDI proxies of the limiter', r'com/continentsapi/ratelimit/.*WeldClientProxy\.\w+;org/jboss/weld|RateLimiter\$Proxy\$_\$\$_WeldClientProxy\.\w+;org/jboss/weld'),
    ('the limiter, the rest (facade, batches, breaker)', r'com/continentsapi/ratelimit/'),
    ('authentication (both stacks)', r'com/continentsapi/security/'),
    ('GC', r'G1|GCTaskThread|WorkerThread::run.*G1|ConcurrentGCThread'),
    ('JIT compiler', r'CompileBroker|C2Compiler|Compiler::compile'),
    ('the rest of Payara: HTTP, JAX-RS, JDBC, JSON (both stacks)', r''),
]


def samples(path):
    by = collections.Counter()
    total = 0
    for line in open(path):
        stack, _, count = line.rstrip('\n').rpartition(' ')
        count = int(count)
        total += count
        # What the filter passes the request on to is the rest of the request, not the limiter.
        stack = re.sub(r'^.*RateLimitFilter\.doFilter;(?=org/apache/catalina/core/ApplicationFilterChain)', '', stack)
        for name, pattern in COMPONENTS:
            if re.search(pattern, stack):
                by[name] += count
                break
    return by, total


def main(prefix):
    runs = {}
    for line in list(open(prefix + '.txt'))[1:]:
        stack, requests, seconds, rps, cpu_us = line.split('\t')[:5]
        runs[stack] = float(cpu_us)
    stacks = [stack for stack in ('off', 'before', 'on') if stack in runs]
    counted = {stack: samples(f'{prefix}-{stack}.collapsed') for stack in stacks}
    print('\t'.join(['component'] + [f'{stack}_us_per_request' for stack in stacks]
                    + [f'{stack}_minus_off_us' for stack in stacks[1:]]))
    for name, _ in COMPONENTS + [('all of Payara Micro (/proc)', None)]:
        us = {stack: runs[stack] if _ is None else counted[stack][0][name] / counted[stack][1] * runs[stack] for stack in stacks}
        print('\t'.join([name] + [f'{us[stack]:.1f}' for stack in stacks] + [f'{us[stack] - us["off"]:+.1f}' for stack in stacks[1:]]))


main(sys.argv[1])
