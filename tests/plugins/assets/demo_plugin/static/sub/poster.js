document.documentElement.dataset.poster = "1";
