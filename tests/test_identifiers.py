"""Link roles and identifiers read from real URLs found in the source lists."""

from __future__ import annotations

import pytest

from snnbib.identifiers import classify_link, identifiers_from_links, identifiers_from_url
from snnbib.model import Claim, Link

URL = "url"

CASES = [
    # (url, expected identifiers, expected claims)
    ("https://arxiv.org/abs/2302.02091v3", {"arxiv": "2302.02091"}, [("year", "2023", "arxiv-id")]),
    ("https://arxiv.org/pdf/2301.11929.pdf", {"arxiv": "2301.11929"}, [("year", "2023", "arxiv-id")]),
    ("http://arxiv.org/abs/hep-th/9901001v2", {"arxiv": "hep-th/9901001", "arxiv_class": "hep-th"},
     [("year", "1999", "arxiv-id")]),
    ("https://doi.org/10.48550/arXiv.2302.02091", {"arxiv": "2302.02091"}, [("year", "2023", "arxiv-id")]),
    ("https://www.frontiersin.org/articles/10.3389/fnins.2018.00774/full",
     {"doi": "10.3389/fnins.2018.00774"}, []),
    ("https://www.nature.com/articles/s41467-022-31747-w", {"doi": "10.1038/s41467-022-31747-w"}, []),
    ("https://www.biorxiv.org/content/10.1101/2020.06.17.156513v1", {"doi": "10.1101/2020.06.17.156513"}, []),
    ("https://link.springer.com/chapter/10.1007/978-3-031-20083-0_3", {"doi": "10.1007/978-3-031-20083-0_3"}, []),
    ("https://onlinelibrary.wiley.com/doi/full/10.1002/aisy.202000012", {"doi": "10.1002/aisy.202000012"}, []),
    ("https://www.sciencedirect.com/science/article/abs/pii/S0893608019303193", {}, []),
    ("https://www.ijcai.org/proceedings/2023/340", {"ijcai": "2023/340"},
     [("venue", "IJCAI", URL), ("year", "2023", URL)]),
    ("https://www.ijcai.org/proceedings/2023/0340.pdf", {"ijcai": "2023/340"},
     [("venue", "IJCAI", URL), ("year", "2023", URL)]),
    ("https://openreview.net/forum?id=HkZy-bW0-", {"openreview": "HkZy-bW0-"}, []),
    ("https://openreview.net/pdf?id=FZ1oTwcXchK", {"openreview": "FZ1oTwcXchK"}, []),
    ("https://proceedings.neurips.cc/paper/2021/file/afe434653a898da20044041262b3ac74-Paper.pdf",
     {"neurips": "2021/afe434653a898da20044041262b3ac74"}, [("venue", "NeurIPS", URL), ("year", "2021", URL)]),
    ("https://proceedings.neurips.cc/paper_files/paper/2023/hash/08f9de0232c0b485110237f6e6cf88f1-Abstract-Conference.html",
     {"neurips": "2023/08f9de0232c0b485110237f6e6cf88f1"}, [("venue", "NeurIPS", URL), ("year", "2023", URL)]),
    ("https://proceedings.mlr.press/v162/chen22ac.html", {"pmlr": "v162/chen22ac"},
     [("venue", "ICML", URL), ("year", "2022", URL)]),
    ("https://proceedings.mlr.press/v80/gilra18a.html", {"pmlr": "v80/gilra18a"},
     [("venue", "ICML", URL), ("year", "2018", URL)]),
    ("https://proceedings.mlr.press/v151/smith22a/smith22a.pdf", {"pmlr": "v151/smith22a"}, []),
    ("https://ojs.aaai.org/index.php/AAAI/article/view/27804", {"aaai": "27804"}, [("venue", "AAAI", URL)]),
    ("https://openaccess.thecvf.com/content/ICCV2023/html/Yao_Inherent_Redundancy_in_Spiking_Neural_Networks_ICCV_2023_paper.html",
     {"cvf": "ICCV2023/Yao_Inherent_Redundancy_in_Spiking_Neural_Networks_ICCV_2023"},
     [("venue", "ICCV", URL), ("year", "2023", URL)]),
    ("https://openaccess.thecvf.com/content_CVPR_2020/html/Zhu_Retina-Like_Visual_Image_Reconstruction_via_Spiking_Neural_Model_CVPR_2020_paper.html",
     {"cvf": "CVPR2020/Zhu_Retina-Like_Visual_Image_Reconstruction_via_Spiking_Neural_Model_CVPR_2020"},
     [("venue", "CVPR", URL), ("year", "2020", URL)]),
    ("https://www.ecva.net/papers/eccv_2022/papers_ECCV/html/6421_ECCV_2022_paper.php", {"ecva": "eccv_2022/6421"},
     [("venue", "ECCV", URL), ("year", "2022", URL)]),
    ("https://ieeexplore.ieee.org/abstract/document/10032591", {"ieee": "10032591"}, []),
    ("https://ieeexplore.ieee.org/document/7280696", {"ieee": "7280696"}, []),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3187646/", {"pmc": "PMC3187646"}, []),
    ("https://iclr.cc/virtual/2024/poster/17942", {}, [("venue", "ICLR", URL), ("year", "2024", URL)]),
    ("https://github.com/fangwei123456/spikingjelly/pull/329",
     {"repository": "https://github.com/fangwei123456/spikingjelly"}, []),
    ("https://github.com/ZK-Zhou/spikformer", {"repository": "https://github.com/zk-zhou/spikformer"}, []),
    ("https://bitbucket.org/bamsumit/slayer", {"repository": "https://bitbucket.org/bamsumit/slayer"}, []),
    ("https://github.com/BasBuller/PySNN/tree/master/examples", {"repository": "https://github.com/basbuller/pysnn"}, []),
    ("https://github.com/user/repo.git", {"repository": "https://github.com/user/repo"}, []),
]


@pytest.mark.parametrize("url,ids,claims", CASES, ids=[c[0][8:60] for c in CASES])
def test_identifiers_from_url(url, ids, claims):
    found, found_claims = identifiers_from_url(url)
    assert dict(found.items()) == ids
    assert found_claims == tuple(Claim(*c) for c in claims)


@pytest.mark.parametrize(
    "label,url,role",
    [
        ("paper", "https://github.com/hzc1208/ANN2SNN_SRP", "code"),  # mislabelled in list 000
        ("code", "https://github.com/fangwei123456/spikingjelly/pull/329", "code"),
        ("paper", "https://arxiv.org/pdf/2301.11929.pdf", "arxiv"),
        ("paper with code", "https://paperswithcode.com/paper/spike-driven-transformer-1", "paper-with-code"),
        ("openreview", "https://openreview.net/forum?id=oEF7qExD9F", "openreview"),
        ("paper", "https://iclr.cc/virtual/2024/poster/17942", "paper"),
        ("Neuronal Dynamics", "https://igi-web.tugraz.at/PDF/85a.pdf", "pdf"),
        ("笔记", "2023/Spike-driven%20Transformer.md", "notes"),
        ("Lectures", "https://www.youtube.com/channel/UClmOXGbekg0comtuh0d8Oaw/playlists", "video"),
        ("NEST", "https://www.nest-simulator.org/", "homepage"),
        ("[code]", "https://example.org/tool", "code"),
        ("pdf", "https://example.org/download?id=3", "pdf"),
        ("doi", "https://doi.org/10.1038/s41586-019-1677-2", "doi"),
    ],
)
def test_classify_link(label, url, role):
    assert classify_link(label, url) == Link(role, url)


def test_classify_link_default_role():
    assert classify_link("A title", "https://example.org/x", default="paper").role == "paper"


def test_identifiers_from_links_first_wins_and_repository_only_from_code_links():
    links = (
        Link("paper", "https://ojs.aaai.org/index.php/AAAI/article/view/25071"),
        Link("arxiv", "https://arxiv.org/abs/2302.02091"),
        Link("arxiv", "https://arxiv.org/abs/2303.06060"),
        Link("homepage", "https://github.com/some/homepage"),  # only code links give a repository
        Link("notes", "https://github.com/notes/repo/blob/main/x.md"),
        Link("code", "https://github.com/hzc1208/ANN2SNN_SRP"),
    )
    ids, claims = identifiers_from_links(links)
    assert dict(ids.items()) == {
        "arxiv": "2302.02091",
        "aaai": "25071",
        "repository": "https://github.com/hzc1208/ann2snn_srp",
    }
    assert claims == (
        Claim("venue", "AAAI", "url"),
        Claim("year", "2023", "arxiv-id"),
    )
