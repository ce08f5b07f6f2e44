#!/bin/sh
# Retrains every model in models/ from the data kit, in dependency order:
# the lexicon and word clusters feed the NER model; the tagger's predicted
# tags train the parser. Usage: train-models.sh W5_BINARY DATA_DIR [OUT_DIR]
# Takes about 2 hours on two cores (the ensemble's four transition
# parsers about 40 minutes, its graph parser about 30-50); not part of
# `make check`.
set -e
W5=${1:-build/w5}
DATA=${2:-../shared/data}
OUT=${3:-models}
UD=$DATA/ud
[ -d "$DATA/conll2003" ] || { echo "train-models: no data kit at $DATA" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set -x
"$W5" train lexicon --data "$DATA" --out "$OUT/lexicon.w5m"
"$W5" train events --data "$DATA" --out "$OUT/events.w5m"
"$W5" train segment --train "$UD/en_ewt/en_ewt-ud-train.conllu" \
    --train "$UD/en_gum/en_gum-ud-train.conllu" --out "$OUT/segment.w5m"
"$W5" train clusters --out "$tmp/clusters.txt" \
    --conll "$DATA/conll2003/train.txt" \
    "$DATA/corpus/reuters21578/reuters21578.txt" "$DATA/corpus/bbc/bbc.txt" \
    "$DATA/corpus/wikinews/wikinews_2019-2021.txt"
"$W5" train ner --train "$DATA/conll2003/train.txt" --dev "$DATA/conll2003/dev.txt" \
    --lexicon "$OUT/lexicon.w5m" --clusters "$tmp/clusters.txt" --out "$OUT/ner.w5m"
# the tagger's clusters also learn from the EWT training text (web genres)
sed -n 's/^# text = //p' "$UD/en_ewt/en_ewt-ud-train.conllu" > "$tmp/ewt-train.txt"
"$W5" train clusters --out "$tmp/tagger-clusters.txt" \
    --conll "$DATA/conll2003/train.txt" "$tmp/ewt-train.txt" \
    "$DATA/corpus/reuters21578/reuters21578.txt" "$DATA/corpus/bbc/bbc.txt" \
    "$DATA/corpus/wikinews/wikinews_2019-2021.txt"
"$W5" train tagger --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --clusters "$tmp/tagger-clusters.txt" \
    --out "$OUT/tagger.w5m"
# morphological features: from the gold tags, trees and FEATS (1 s)
"$W5" train morph --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --out "$OUT/morph.w5m"
# the opt-in neural tagger (w5 parse/analyze --tagger-nn): a BiLSTM for
# this tagger.w5m (2 layers of 128 units a direction), its weight in the
# combination tuned on GUM dev; 24.5 minutes on a busy machine (20.3 min
# CPU). The best of 14 epochs on EWT dev is the 12th (20 epochs gave the
# 19th, UPOS 95.70 with the perceptron, but took 33 min of CPU). The
# window network it replaces (--hidden 256 --epochs 12 --dropout
# 0.25,0.5, no --lstm): UPOS 95.51.
"$W5" train tagger --neural --tagger "$OUT/tagger.w5m" \
    --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --tune "$UD/en_gum/en_gum-ud-dev.conllu" \
    --lstm 128 --layers 2 --hidden 128 --epochs 14 --dropout 0.25,0.33 \
    --out "$OUT/tagger-nn.w5m"
# the default parser has the revision-0 features (no clusters): the
# clusters add 0.2-0.3 LAS on EWT dev but cost 0.2 us a token, more than
# the whole pipeline's speed target leaves
"$W5" train parser --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --tagger "$OUT/tagger.w5m" --jackknife 4 \
    --rev0 --out "$OUT/parser.w5m"
# the beam model's clusters are the news ones: clusters learned from the
# EWT training text itself score 0.3-0.4 LAS lower on EWT dev (greedy) (w5 analyze/parse --beam 8): global training, about 15
# minutes on two cores
"$W5" train parser --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --tagger "$OUT/tagger.w5m" --jackknife 4 \
    --clusters "$tmp/clusters.txt" --beam 8 --epochs 12 --out "$OUT/parser-beam.w5m"
# the other members of the reparsing ensemble (w5 parse --ensemble): a
# left-to-right model trained at beam 16 (17.6 min on a busy machine),
# the beam model's training with the sentence read backwards, ...
"$W5" train parser --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --tagger "$OUT/tagger.w5m" --jackknife 4 \
    --clusters "$tmp/clusters.txt" --beam 16 --epochs 12 --out "$OUT/parser-beam16.w5m"
"$W5" train parser --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --tagger "$OUT/tagger.w5m" --jackknife 4 \
    --clusters "$tmp/clusters.txt" --beam 8 --epochs 12 --r2l --out "$OUT/parser-r2l.w5m"
# ... and its greedy members with all the features (clusters, in-between
# counts), left to right and right to left
"$W5" train parser --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --tagger "$OUT/tagger.w5m" --jackknife 4 \
    --clusters "$tmp/clusters.txt" --out "$OUT/parser-greedy-l2r.w5m"
"$W5" train parser --train "$UD/en_ewt/en_ewt-ud-train.conllu" "$UD/en_gum/en_gum-ud-train.conllu" \
    --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" --tagger "$OUT/tagger.w5m" --jackknife 4 \
    --clusters "$tmp/clusters.txt" --r2l --out "$OUT/parser-greedy-r2l.w5m"
# ... and the graph parser (BiLSTMs and biaffine arc scores, graph.h):
# Adam on batches of 1000 words split between two threads, 10 epochs;
# 51 min on a busy machine (55 min CPU), EWT dev UAS 88.19 LAS 84.82
# (the trainer's scorer) at the last epoch
"$W5" train parser --graph --threads 2 --train "$UD/en_ewt/en_ewt-ud-train.conllu" \
    "$UD/en_gum/en_gum-ud-train.conllu" --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" \
    --tagger "$OUT/tagger.w5m" --jackknife 4 --clusters "$tmp/clusters.txt" --epochs 10 \
    --out "$OUT/parser-graph.w5m"
# ... and its second, another seed (other jackknifed tags and dropout),
# 8 epochs: 29 min on a busy machine, EWT dev 87.82 / 84.40 (epoch 7)
"$W5" train parser --graph --threads 2 --seed 2 --train "$UD/en_ewt/en_ewt-ud-train.conllu" \
    "$UD/en_gum/en_gum-ud-train.conllu" --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" \
    --tagger "$OUT/tagger.w5m" --jackknife 4 --clusters "$tmp/clusters.txt" --epochs 8 \
    --out "$OUT/parser-graph2.w5m"
