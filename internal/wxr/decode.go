package wxr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// role is what a namespace is to WXR.
type role int

const (
	roleOther   role = iota
	roleRSS          // no namespace: RSS 2.0's own elements
	roleWP           // http://wordpress.org/export/1.x/
	roleExcerpt      // http://wordpress.org/export/1.x/excerpt/
	roleContent      // content:encoded
	roleDC           // dc:creator
)

// roleOf maps a namespace URI to its role. WXR 1.0, 1.1 and 1.2 differ only
// in the version inside the wp and excerpt URIs, so any version is
// accepted. A bare prefix is what encoding/xml leaves for a prefix nobody
// declared; the WordPress importer assumes the usual URIs for those too.
func roleOf(space string) role {
	switch space {
	case "":
		return roleRSS
	case nsContent, "content":
		return roleContent
	case nsDC, "dc":
		return roleDC
	case "wp":
		return roleWP
	case "excerpt":
		return roleExcerpt
	}
	rest, ok := strings.CutPrefix(space, "http://wordpress.org/export/")
	if !ok {
		rest, ok = strings.CutPrefix(space, "https://wordpress.org/export/")
	}
	if !ok {
		return roleOther
	}
	if strings.HasSuffix(rest, "/excerpt/") {
		return roleExcerpt
	}
	return roleWP
}

// pieceDecoder decodes one element cut from the channel, wrapped in an
// element that declares the file's namespaces.
type pieceDecoder struct {
	d     *xml.Decoder
	base  int    // a piece's line n is line base+n of the file
	text  []byte // scratch for character data
	rep   []byte // scratch for repaired pieces
	value string // a header field's text

	fieldErr  *FieldError // the first value that did not parse
	fieldLine int
}

// decode decodes piece (head, the element, wrapTail) that starts at line.
// It returns the record, or nil for a header field (whose text is left in
// p.value), and the number of characters it repaired.
func (p *pieceDecoder) decode(k kind, elem string, piece []byte, headLen, line int, cut *cutInfo) (Record, int, error) {
	// One huge item must not pin its memory for the rest of the file.
	if cap(p.rep) > 8<<20 {
		p.rep = nil
	}
	if cap(p.text) > 8<<20 {
		p.text = nil
	}
	data, n := repair(piece, p.rep)
	if n > 0 {
		p.rep = data[:0]
	}
	p.d = xml.NewDecoder(bytes.NewReader(data))
	p.d.Entity = xml.HTMLEntity // &nbsp; and friends, which hand-edited and plugin exports use
	p.base = line - 1
	p.fieldErr, p.fieldLine = nil, 0

	var rec Record
	err := p.enter()
	if err == nil {
		switch k {
		case kItem:
			it := &Item{Line: line, Repaired: n}
			rec, err = it, p.item(it)
		case kAuthor:
			a := &Author{Line: line}
			rec, err = a, p.author(a)
		case kCategory:
			c := &Category{Line: line}
			rec, err = c, p.category(c)
		case kTag:
			t := &Tag{Line: line}
			rec, err = t, p.tag(t)
		case kTerm:
			t := &Term{Line: line}
			rec, err = t, p.term(t)
		default:
			p.value, err = p.readText()
		}
	}
	e := &ItemError{Element: elem, Line: line}
	switch {
	case cut != nil:
		e.ErrLine, e.Err = cut.line, errors.New(cut.reason)
	case err != nil:
		e.Err = err
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			e.ErrLine = se.Line + p.base
			e.Err = &xml.SyntaxError{Msg: se.Msg, Line: e.ErrLine}
		}
	case p.fieldErr != nil:
		e.ErrLine, e.Err = p.fieldLine, p.fieldErr
	default:
		return rec, n, nil
	}
	e.Title, e.PostID = identify(rec)
	if e.Title == "" || e.PostID == 0 {
		title, id := sniff(piece[headLen:])
		if e.Title == "" {
			e.Title = title
		}
		if e.PostID == 0 && k == kItem {
			e.PostID = id
		}
	}
	return nil, n, e
}

// identify returns what names a partly decoded record in an error.
func identify(rec Record) (string, int64) {
	switch v := rec.(type) {
	case *Item:
		return v.Title, v.PostID
	case *Author:
		return v.Login, 0
	case *Category:
		return v.Name, 0
	case *Tag:
		return v.Name, 0
	case *Term:
		return v.Name, 0
	}
	return "", 0
}

// enter reads the wrapper's and the element's start tags.
func (p *pieceDecoder) enter() error {
	for range 2 {
		if _, err := p.startElement(); err != nil {
			return err
		}
	}
	return nil
}

// startElement returns the next start tag, skipping anything else, or an
// error at an end tag.
func (p *pieceDecoder) startElement() (xml.StartElement, error) {
	for {
		tok, err := p.d.Token()
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, nil
		case xml.EndElement:
			return xml.StartElement{}, errors.New("unexpected end tag")
		}
	}
}

// children calls fn for each child element of the element just entered,
// until its end tag. fn must consume the child whole.
func (p *pieceDecoder) children(fn func(xml.StartElement) error) error {
	for {
		tok, err := p.d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// readText returns the character data of the element just entered, up to
// its end tag: text and CDATA sections joined, so WordPress's
// ]]]]><![CDATA[> escape reads back as ]]>. Child elements are skipped.
func (p *pieceDecoder) readText() (string, error) {
	// Most values are one chunk, copied once into a string; a second
	// chunk switches to joining in p.text. (Token's data is only valid
	// until the next call, so a chunk cannot be kept as it is.)
	var first string
	chunks, depth := 0, 0
	for {
		tok, err := p.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if depth > 0 {
				break
			}
			switch chunks++; chunks {
			case 1:
				first = string(t)
			case 2:
				p.text = append(append(p.text[:0], first...), t...)
			default:
				p.text = append(p.text, t...)
			}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth > 0 {
				depth--
				break
			}
			if chunks <= 1 {
				return first, nil
			}
			return string(p.text), nil
		}
	}
}

func (p *pieceDecoder) trimmed() (string, error) {
	s, err := p.readText()
	return strings.TrimSpace(s), err
}

// line is the file line the decoder has reached.
func (p *pieceDecoder) line() int {
	l, _ := p.d.InputPos()
	return l + p.base
}

// fail records that field's value did not parse; the first such fault is
// the item's error, but decoding goes on to learn the post's ID and title.
func (p *pieceDecoder) fail(field, value string, line int, err error) {
	if p.fieldErr == nil {
		p.fieldErr = &FieldError{Field: field, Value: value, Err: err}
		p.fieldLine = line
	}
}

func (p *pieceDecoder) int64Field(field string) (int64, error) {
	line := p.line()
	s, err := p.trimmed()
	if err != nil || s == "" {
		return 0, err
	}
	v, perr := strconv.ParseInt(s, 10, 64)
	if perr != nil {
		why := errors.New("not a whole number")
		if errors.Is(perr, strconv.ErrRange) {
			why = errors.New("out of range")
		}
		p.fail(field, s, line, why)
	}
	return v, nil
}

// wpTime is how WordPress writes dates: MySQL DATETIME, no zone.
const wpTime = "2006-01-02 15:04:05"

// timeField reads a WordPress date. "0000-00-00 00:00:00", MySQL's zero
// date that WordPress writes for a draft's GMT date, and an empty value
// read as the zero time.
func (p *pieceDecoder) timeField(field string) (time.Time, error) {
	line := p.line()
	s, err := p.trimmed()
	if err != nil || s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, err
	}
	t, perr := time.Parse(wpTime, s)
	if perr != nil {
		var pe *time.ParseError
		if errors.As(perr, &pe) && pe.Message != "" {
			perr = errors.New(strings.TrimPrefix(pe.Message, ": "))
		} else {
			perr = errors.New(`want "YYYY-MM-DD hh:mm:ss"`)
		}
		p.fail(field, s, line, perr)
	}
	return t, nil
}

func (p *pieceDecoder) item(it *Item) error {
	err := p.children(func(t xml.StartElement) error {
		var err error
		switch roleOf(t.Name.Space) {
		case roleRSS:
			switch t.Name.Local {
			case "title":
				it.Title, err = p.trimmed()
			case "link":
				it.Link, err = p.trimmed()
			case "pubDate":
				it.PubDate, err = p.trimmed()
			case "guid":
				it.GUID, err = p.trimmed()
			case "description":
				it.Description, err = p.readText()
			case "category":
				var tm ItemTerm
				for _, a := range t.Attr {
					switch {
					case a.Name.Space != "":
					case a.Name.Local == "domain":
						tm.Domain = strings.TrimSpace(a.Value)
					case a.Name.Local == "nicename":
						tm.Nicename = strings.TrimSpace(a.Value)
					}
				}
				if tm.Domain == "tag" { // WXR 1.0
					tm.Domain = "post_tag"
				}
				tm.Slug = DecodeSlug(tm.Nicename)
				tm.Name, err = p.trimmed()
				it.Categories = append(it.Categories, tm)
			default:
				err = p.d.Skip()
			}
		case roleContent:
			if t.Name.Local == "encoded" {
				it.Content, err = p.readText()
			} else {
				err = p.d.Skip()
			}
		case roleExcerpt:
			if t.Name.Local == "encoded" {
				it.Excerpt, err = p.readText()
			} else {
				err = p.d.Skip()
			}
		case roleDC:
			if t.Name.Local == "creator" {
				it.Creator, err = p.trimmed()
			} else {
				err = p.d.Skip()
			}
		case roleWP:
			err = p.itemWP(it, t.Name.Local)
		default:
			err = p.d.Skip()
		}
		return err
	})
	it.Slug = DecodeSlug(it.PostName)
	it.Categories = dropPlainDuplicates(it.Categories)
	return err
}

func (p *pieceDecoder) itemWP(it *Item, local string) error {
	field := "wp:" + local
	var err error
	switch local {
	case "post_id":
		it.PostID, err = p.int64Field(field)
	case "post_date":
		it.PostDate, err = p.timeField(field)
	case "post_date_gmt":
		it.PostDateGMT, err = p.timeField(field)
	case "post_modified":
		it.ModifiedDate, err = p.timeField(field)
	case "post_modified_gmt":
		it.ModifiedGMT, err = p.timeField(field)
	case "comment_status":
		it.CommentStatus, err = p.trimmed()
	case "ping_status":
		it.PingStatus, err = p.trimmed()
	case "post_name":
		it.PostName, err = p.trimmed()
	case "status":
		it.Status, err = p.trimmed()
	case "post_parent":
		it.PostParent, err = p.int64Field(field)
	case "menu_order":
		var v int64
		v, err = p.int64Field(field)
		it.MenuOrder = int(v)
	case "post_type":
		it.PostType, err = p.trimmed()
	case "post_password":
		it.PostPassword, err = p.readText()
	case "is_sticky":
		var s string
		s, err = p.trimmed()
		it.IsSticky = s == "1"
	case "attachment_url":
		it.AttachmentURL, err = p.trimmed()
	case "postmeta":
		var m Meta
		m, err = p.meta()
		it.Meta = append(it.Meta, m)
	case "comment":
		it.Comments++
		err = p.d.Skip()
	default:
		err = p.d.Skip()
	}
	return err
}

// dropPlainDuplicates removes what WXR 1.0 wrote twice: each term once as
// a plain <category>Name</category> and once with domain and nicename. A
// plain one with no twin (as an RSS feed has) is kept.
func dropPlainDuplicates(ts []ItemTerm) []ItemTerm {
	plain := false
	for _, t := range ts {
		plain = plain || t.Nicename == ""
	}
	if !plain {
		return ts
	}
	// Maps, not a nested loop: an item may hold very many terms.
	names := map[string]bool{}
	withDomain := map[[2]string]bool{}
	for _, t := range ts {
		if t.Nicename != "" {
			names[t.Name] = true
			withDomain[[2]string{t.Domain, t.Name}] = true
		}
	}
	out := ts[:0]
	for _, t := range ts {
		if t.Nicename == "" && (t.Domain == "" && names[t.Name] || withDomain[[2]string{t.Domain, t.Name}]) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// meta reads a wp:postmeta or wp:termmeta.
func (p *pieceDecoder) meta() (Meta, error) {
	var m Meta
	err := p.children(func(t xml.StartElement) error {
		var err error
		switch {
		case roleOf(t.Name.Space) != roleWP:
			err = p.d.Skip()
		case t.Name.Local == "meta_key":
			m.Key, err = p.trimmed()
		case t.Name.Local == "meta_value":
			m.Value, err = p.readText()
		default:
			err = p.d.Skip()
		}
		return err
	})
	return m, err
}

func (p *pieceDecoder) author(a *Author) error {
	return p.children(func(t xml.StartElement) error {
		if roleOf(t.Name.Space) != roleWP {
			return p.d.Skip()
		}
		var err error
		switch t.Name.Local {
		case "author_id":
			a.ID, err = p.int64Field("wp:author_id")
		case "author_login":
			a.Login, err = p.trimmed()
		case "author_email":
			a.Email, err = p.trimmed()
		case "author_display_name":
			a.DisplayName, err = p.trimmed()
		case "author_first_name":
			a.FirstName, err = p.trimmed()
		case "author_last_name":
			a.LastName, err = p.trimmed()
		default:
			err = p.d.Skip()
		}
		return err
	})
}

func (p *pieceDecoder) category(c *Category) error {
	err := p.termFields(&c.TermID, &c.Meta, map[string]*string{"category_nicename": &c.Nicename,
		"category_parent": &c.Parent, "cat_name": &c.Name, "category_description": &c.Description})
	c.Slug, c.ParentSlug = DecodeSlug(c.Nicename), DecodeSlug(c.Parent)
	return err
}

func (p *pieceDecoder) tag(g *Tag) error {
	err := p.termFields(&g.TermID, &g.Meta, map[string]*string{"tag_slug": &g.RawSlug,
		"tag_name": &g.Name, "tag_description": &g.Description})
	g.Slug = DecodeSlug(g.RawSlug)
	return err
}

func (p *pieceDecoder) term(m *Term) error {
	err := p.termFields(&m.TermID, &m.Meta, map[string]*string{"term_taxonomy": &m.Taxonomy,
		"term_slug": &m.RawSlug, "term_parent": &m.Parent, "term_name": &m.Name, "term_description": &m.Description})
	m.Slug, m.ParentSlug = DecodeSlug(m.RawSlug), DecodeSlug(m.Parent)
	return err
}

// termFields reads the children of a channel-level term (wp:category,
// wp:tag, wp:term), which differ only in their field names: the id,
// termmeta, and the text fields named in text by local element name.
// Elements outside the wp namespace, and unknown ones, are skipped.
func (p *pieceDecoder) termFields(id *int64, meta *[]Meta, text map[string]*string) error {
	return p.children(func(t xml.StartElement) error {
		if roleOf(t.Name.Space) != roleWP {
			return p.d.Skip()
		}
		var err error
		switch dst, ok := text[t.Name.Local]; {
		case ok:
			*dst, err = p.trimmed()
		case t.Name.Local == "term_id":
			*id, err = p.int64Field("wp:term_id")
		case t.Name.Local == "termmeta":
			var m Meta
			m, err = p.meta()
			*meta = append(*meta, m)
		default:
			err = p.d.Skip()
		}
		return err
	})
}

// syntaxMsg is an encoding/xml error without its line, which counts from
// the start of a piece rather than the file.
func syntaxMsg(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}

// sniff finds a title and post ID in the raw bytes of an element that
// could not be decoded, so the error can name the post.
func sniff(raw []byte) (title string, postID int64) {
	if v := rawField(raw, "<title>", "</title>"); v != "" {
		title = v
	}
	if v := rawField(raw, "post_id>", "</"); v != "" {
		postID, _ = strconv.ParseInt(v, 10, 64)
	}
	return title, postID
}

// rawField returns the text between the first open and the next close
// after it, with a CDATA wrapper removed, if short and valid UTF-8.
func rawField(raw []byte, open, close string) string {
	_, after, ok := bytes.Cut(raw, []byte(open))
	if !ok {
		return ""
	}
	v, _, ok := bytes.Cut(after, []byte(close))
	if !ok || len(v) > 1024 {
		return ""
	}
	v = bytes.TrimSpace(v)
	v = bytes.TrimPrefix(v, cdataStart)
	v = bytes.TrimSuffix(v, cdataEnd)
	if !utf8.Valid(v) {
		return ""
	}
	return strings.TrimSpace(string(v))
}
