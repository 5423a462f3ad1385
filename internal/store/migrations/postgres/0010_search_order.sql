-- Faster searches on PostgreSQL (internal/store/search.go).
--
-- A search finds its first page by walking the newest articles in ranking
-- order, testing each against the query, and stops after a page of
-- matches. Without an index in that order, a word found in most articles
-- made PostgreSQL fetch, count and sort every match: over a second for
-- 73,000 of 100,000 articles. The second index serves one section.
CREATE INDEX article_search_rank ON article_search (rank_time DESC, article_id DESC);
CREATE INDEX article_search_section_rank ON article_search (section_id, rank_time DESC, article_id DESC);

-- Rarer matches come from GIN indexes. A phrase of two common words
-- («پاکستان میں») had every article holding both words to check for
-- positions, 60,000 of them for 1,000 matches, up to a second: pairs
-- holds a key for each pair of adjacent words, found in the index at
-- once. It is filled by the search index rebuild that Migrate starts
-- when rows lack it (2 to 3 minutes for 100,000 articles).
ALTER TABLE article_search ADD COLUMN pairs TSVECTOR;
CREATE INDEX article_search_pairs ON article_search USING GIN (pairs);

-- A section page counts the section's published articles for its pager.
-- Read from the wide listing index that took 1.8 ms for 13,000 articles;
-- from this one, whose equal keys PostgreSQL stores once, 0.6 ms.
CREATE INDEX articles_published_section ON articles (section_id) WHERE status = 'published';
