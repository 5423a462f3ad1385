// Click-to-load embeds. The page shows each embedded post or video as a
// link to it (figure.embed > a.embed-facade) and asks nothing of the
// provider; a reader who clicks the link, or presses Enter on it, gets the
// provider's official player in its place. Only pages with an embed load
// this script, and their Content-Security-Policy frames exactly these
// providers. Without JavaScript the link simply leads to the post. The
// player addresses match embed.Embed.Player in internal/embed.
(function () {
  "use strict";

  var enc = encodeURIComponent;
  var players = {
    youtube: function (id) {
      return "https://www.youtube-nocookie.com/embed/" + enc(id) + "?autoplay=1";
    },
    facebook: function (id, href, kind) {
      if (kind === "post") return "https://www.facebook.com/plugins/post.php?href=" + enc(href) + "&show_text=true";
      return "https://www.facebook.com/plugins/video.php?href=" + enc(href) + "&show_text=false&autoplay=true";
    },
    x: function (id) {
      return "https://platform.twitter.com/embed/Tweet.html?id=" + enc(id) + "&dnt=true";
    },
    instagram: function (id, href, kind) {
      if (kind === "short") return "https://www.instagram.com/reel/" + enc(id) + "/embed/";
      return "https://www.instagram.com/p/" + enc(id) + "/embed/";
    },
    tiktok: function (id) {
      return "https://www.tiktok.com/player/v1/" + enc(id) + "?autoplay=1";
    },
    dailymotion: function (id) {
      return "https://www.dailymotion.com/embed/video/" + enc(id) + "?autoplay=1";
    }
  };

  function load(link) {
    var figure = link.parentNode;
    var make = players[figure.getAttribute("data-embed")];
    var id = figure.getAttribute("data-embed-id");
    if (!make || !id) return false;
    var frame = document.createElement("iframe");
    frame.src = make(id, link.href, figure.getAttribute("data-embed-kind"));
    var title = link.querySelector(".embed-title");
    var label = link.querySelector(".embed-play");
    frame.title = (title ? title.textContent : label ? label.textContent : "");
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture; clipboard-write; web-share";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "embed-frame";
    figure.replaceChild(frame, link);
    figure.classList.add("embed-loaded");
    frame.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    // A new tab or window (modifier keys, middle button) goes to the post.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a.embed-facade") : null;
    if (link && load(link)) event.preventDefault();
  });
})();
