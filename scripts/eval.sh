#!/usr/bin/env bash
# Quality figures with the scorers in ../shared/eval/ (read in place; nothing is copied here).
#   scripts/eval.sh ner      CoNLL-2003 eng.testa, mention-level P/R/F1 (score_ner.py)
#   scripts/eval.sh devset   the hand-annotated development set (score.py)
#   scripts/eval.sh quotes   PolNeAR dev quotes, threshold 0.3 (score_quotes.py)
#   scripts/eval.sh gum      GUM dev: mention P/R/F1 (score_ner.py) and grouping (score_groups.py)
#   scripts/eval.sh          all four
# NEWS_ENRICHER_EVAL_BIN=path/to/news-enricher scripts/eval.sh measures that binary instead.
# CoNLL and PolNeAR are fed without a `language` field, as a user's feed would be (language
# detection is part of what is measured). It needs ../shared beside the repository (the
# datasets are never copied here) and fails, saying so, without it.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${NEWS_ENRICHER_SHARED:-../shared}
if [[ ! -d $shared/datasets || ! -d $shared/eval ]]; then
  echo "eval.sh: $shared/datasets and $shared/eval are needed (the shared datasets and scorers beside this repository); set NEWS_ENRICHER_SHARED to point elsewhere" >&2
  exit 1
fi
# NEWS_ENRICHER_EVAL_BIN measures another build (an earlier commit's binary, for before/after).
if [[ -n ${NEWS_ENRICHER_EVAL_BIN:-} ]]; then
  bin=$NEWS_ENRICHER_EVAL_BIN
else
  cargo build --release --locked -q
  bin=target/release/news-enricher
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A dataset's lines ({"id", "text", ...}) as native articles: the text is the body.
as_articles() {
  python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    print(json.dumps({"id": d["id"], "body": d["text"]}))
' "$1"
}

ner() {
  as_articles "$shared/datasets/conll2003/eng.testa.jsonl" > "$tmp/testa.jsonl"
  "$bin" process "$tmp/testa.jsonl" -o "$tmp/testa.out"
  echo "CoNLL-2003 eng.testa:"
  python3 "$shared/eval/score_ner.py" "$shared/datasets/conll2003/eng.testa.jsonl" "$tmp/testa.out"
}

devset() {
  "$bin" process "$shared/devset/articles.jsonl" -o "$tmp/dev.out"
  echo "devset:"
  python3 "$shared/eval/score.py" "$shared/devset/gold.jsonl" "$tmp/dev.out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({k: v for k, v in d.items() if not isinstance(v, list) or k in ("forbidden_hits", "speaker_errors")}))
'
}

quotes() {
  as_articles "$shared/datasets/polnear/polnear_dev.jsonl" > "$tmp/polnear.jsonl"
  "$bin" process "$tmp/polnear.jsonl" -o "$tmp/polnear.out"
  echo "PolNeAR dev quotes:"
  python3 "$shared/eval/score_quotes.py" "$shared/datasets/polnear/polnear_dev.jsonl" "$tmp/polnear.out" 0.3
}

gum() {
  "$bin" process "$shared/datasets/gum/gum_dev.input.jsonl" -o "$tmp/gum.out"
  echo "GUM dev mentions:"
  python3 "$shared/eval/score_ner.py" "$shared/datasets/gum/gum_dev.jsonl" "$tmp/gum.out"
  echo "GUM dev grouping:"
  python3 "$shared/eval/score_groups.py" "$shared/datasets/gum/gum_dev.jsonl" "$tmp/gum.out"
}

case "${1:-all}" in
  ner) ner ;;
  devset) devset ;;
  quotes) quotes ;;
  gum) gum ;;
  all) ner; devset; quotes; gum ;;
  *) echo "usage: scripts/eval.sh [ner|devset|quotes|gum]" >&2; exit 2 ;;
esac
