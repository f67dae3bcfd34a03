#!/bin/sh
# Host board end-to-end: runs tinykws-fw on a synthetic WAV and checks what a user sees.
#   host_board_test.sh FW_BINARY GEN_TEST_WAV WORKDIR
set -eu
FW=$1
GEN=$2
WORK=$3
mkdir -p "$WORK"
fail() { echo "host_board_test: FAIL: $*" >&2; exit 1; }

"$GEN" "$WORK/in.wav" 20 3
"$FW" --deterministic "$WORK/in.wav" > "$WORK/out1.txt" || fail "exit status $? on a good WAV"
head -n 1 "$WORK/out1.txt" | grep -q '^\$TKWS,HELLO,0,' || fail "first line is not HELLO"
[ "$(grep -c '^\$TKWS,STAT,' "$WORK/out1.txt")" = 4 ] || fail "expected 4 STAT lines for 20 s"
[ "$(grep -c -v '^\$TKWS,[A-Z]*,[0-9]*,.*\*[0-9A-F][0-9A-F]'"$(printf '\r')"'$' "$WORK/out1.txt")" = 0 ] \
    || fail "malformed line"

# repeatable, and the same from raw PCM on stdin (the 44-byte header stripped)
"$FW" --deterministic "$WORK/in.wav" > "$WORK/out2.txt"
cmp -s "$WORK/out1.txt" "$WORK/out2.txt" || fail "two runs differ"
tail -c +45 "$WORK/in.wav" | "$FW" --deterministic --raw - > "$WORK/out3.txt"
cmp -s "$WORK/out1.txt" "$WORK/out3.txt" || fail "raw stdin output differs from WAV output"

# commands at stream times: INFO at 1 s, REC 200 ms at 2 s, a bad checksum at 3 s
{
    echo '# stream_ms text'
    echo '1000 $TKWS,INFO,0*25'
    echo '2000 $TKWS,REC,1,200*60'
    echo '3000 $TKWS,REC,2,200*00'
} > "$WORK/cmds.txt"
"$FW" --deterministic --commands "$WORK/cmds.txt" "$WORK/in.wav" > "$WORK/out4.txt"
[ "$(grep -c '^\$TKWS,HELLO,' "$WORK/out4.txt")" = 2 ] || fail "INFO did not resend HELLO"
grep -q '^\$TKWS,ACK,[0-9]*,REC,1\*' "$WORK/out4.txt" || fail "no ACK for REC"
[ "$(grep -c '^\$TKWS,AUD,[0-9]*,1,' "$WORK/out4.txt")" = 13 ] || fail "expected 13 AUD lines for 3200 samples"
grep -q '^\$TKWS,ERR,[0-9]*,BADCSUM,' "$WORK/out4.txt" || fail "bad checksum not reported"

# bad inputs: clear message, exit status 2
printf 'not a wav file at all' > "$WORK/bad.wav"
if "$FW" "$WORK/bad.wav" > /dev/null 2> "$WORK/err.txt"; then fail "accepted a non-WAV file"; fi
grep -q 'RIFF' "$WORK/err.txt" || fail "no useful message for a non-WAV file"
if "$FW" "$WORK/missing.wav" > /dev/null 2>&1; then fail "accepted a missing file"; fi
if "$FW" --bogus "$WORK/in.wav" > /dev/null 2>&1; then fail "accepted an unknown option"; fi
"$FW" --help | grep -q 'usage: tinykws-fw' || fail "--help"
echo "host_board_test: all checks passed ($(wc -l < "$WORK/out1.txt") lines on 20 s of audio)"
