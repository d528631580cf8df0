<?xml version="1.0" encoding="UTF-8"?>
<!-- A feed opened in a browser, shown as a page: what the feed is, the address to copy into a
     feed reader, and its newest papers. Feed readers never read this file; the feeds name it in
     an xml-stylesheet instruction (generator/outputs/feeds.py, with_stylesheet).

     Both formats the digest writes are shown: RSS 2.0 (rss/channel/item) and Atom (atom:feed/atom:entry).
     The page keeps the site's Content-Security-Policy and loads only the site's own stylesheet and icon.
     Those are named relative to the site's root, which is read from the feed's own instruction:
     its href is "<root>theme/feed.xsl" (RSS at feeds/all.rss.xml: "../"; a topic's: "../../").
     Everything shown is the feed's text, output as text: titles are never read as markup. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="instruction" select="/processing-instruction('xml-stylesheet')"/>
  <xsl:variable name="root" select="substring-before(substring-after($instruction, 'href=&quot;'), 'theme/feed.xsl')"/>
  <xsl:variable name="atom" select="boolean(/atom:feed)"/>
  <xsl:variable name="title" select="normalize-space(/rss/channel/title | /atom:feed/atom:title)"/>
  <xsl:variable name="about" select="normalize-space(/rss/channel/description | /atom:feed/atom:subtitle)"/>
  <xsl:variable name="address" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="page" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
  <!-- The site's name: an Atom feed's author; an RSS feed's title ends with it ("Topic · Site"), or is it. -->
  <xsl:variable name="site">
    <xsl:choose>
      <xsl:when test="$atom"><xsl:value-of select="normalize-space(/atom:feed/atom:author/atom:name)"/></xsl:when>
      <xsl:when test="contains($title, ' · ')"><xsl:value-of select="substring-after($title, ' · ')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$title"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="format">
    <xsl:choose>
      <xsl:when test="$atom">Atom</xsl:when>
      <xsl:otherwise>RSS</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"/>
        <meta name="referrer" content="no-referrer"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$format"/> feed)</title>
        <link rel="stylesheet" href="{$root}theme/css/digest.css"/>
        <link rel="icon" href="{$root}theme/favicon.svg" type="image/svg+xml"/>
      </head>
      <body class="page-static page-feed">
        <header class="site-header">
          <p class="site-name"><a href="{$root}index.html"><xsl:value-of select="$site"/></a></p>
        </header>
        <main id="main" class="wrap">
          <article class="page prose">
            <p class="listing__kind"><xsl:value-of select="$format"/> feed</p>
            <h1 class="feed-title"><xsl:value-of select="$title"/></h1>
            <p class="lede"><xsl:value-of select="$about"/></p>
            <h2>Subscribe</h2>
            <p>This page is a web feed: a feed reader checks it for new papers and shows you each one as it arrives. To subscribe, copy its address into your feed reader (Feedly, Inoreader, NetNewsWire, Thunderbird, or any other):</p>
            <p><code class="feed-address"><xsl:value-of select="$address"/></code></p>
            <p>Or see <a href="{$page}">the page it follows</a>, or <a href="{$root}feeds.html">every feed of the digest</a>.</p>
            <h2>Newest papers in this feed</h2>
            <xsl:choose>
              <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
                <ul class="feed-items">
                  <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
                </ul>
              </xsl:when>
              <xsl:otherwise>
                <p class="muted">No papers yet.</p>
              </xsl:otherwise>
            </xsl:choose>
          </article>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li class="feed-item">
      <a href="{link}"><xsl:value-of select="normalize-space(title)"/></a>
      <xsl:text> </xsl:text>
      <span class="muted">(listed <xsl:value-of select="substring(pubDate, 6, 11)"/>)</span>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="feed-item">
      <a href="{atom:link/@href}"><xsl:value-of select="normalize-space(atom:title)"/></a>
      <xsl:text> </xsl:text>
      <span class="muted">(listed <time datetime="{substring(atom:published, 1, 10)}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>)</span>
    </li>
  </xsl:template>
</xsl:stylesheet>
