// Package urdu holds Akhbar's knowledge of Urdu text: normalization for
// storage (Normalize) and search (Fold), words (Tokens, stop words), URL
// slugs, reading time, and Urdu dates, Hijri dates and digits.
//
// The Urdu facts it relies on, with their sources, are in URDU.md; the text
// functions follow its §2 ("Two normalizations") to the letter.
package urdu
