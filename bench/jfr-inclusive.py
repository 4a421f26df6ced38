#!/usr/bin/env python3
# bench/jfr-inclusive.py <printed samples> [substring]: share of execution samples in which each method is on the
# stack (inclusive), from `jfr print --events jdk.ExecutionSample --stack-depth 200 <file.jfr>`; `jfr view
# hot-methods` shows only the top frame.
import sys,re,collections
incl=collections.Counter(); n=0
cur=[]
def flush():
    global n
    if cur:
        n+=1
        seen=set()
        for f in cur:
            if f not in seen: incl[f]+=1; seen.add(f)
for line in open(sys.argv[1]):
    line=line.strip()
    if line.startswith('jdk.ExecutionSample'):
        flush(); cur=[]
    m=re.match(r'^([\w$.<>]+)\(.*\)\s+line:',line)
    if m: cur.append(m.group(1))
flush()
pat=sys.argv[2] if len(sys.argv)>2 else ''
print('samples',n)
for f,c in incl.most_common(400):
    if pat in f: print(f"{100*c/n:5.1f}% {f}")
