r"""Technology diffusion among leading, middle and lagging firms (技术扩散: 领先/中间/落后企业).

DESIGN "Model 1", after Kuang Guoliang & Zhang Yongchang (seed 001 §2.3; the formal model is
ours). Modules:

* :mod:`~gametheory.models.diffusion.model` — tiers, the diffusion matrix :math:`\Theta` with
  absorptive capacity :math:`\beta`, the post-diffusion Cournot market
  (:class:`TechnologyDiffusion`);
* :mod:`~gametheory.models.diffusion.market` — the market helpers every module shares: the interior
  Cournot closed form and :func:`cournot_grid` (numeric grids, correct active set);
* :mod:`~gametheory.models.diffusion.attitude` — the attitude game (preference 偏好 / aversion 厌恶
  toward every other firm), dominance and Nash equilibria: Kuang & Zhang's pattern derived;
* :mod:`~gametheory.models.diffusion.planner` — the welfare-maximising diffusion matrix and the
  Lahiri–Ono diagnostic (diffusion to a minor firm can lower welfare);
* :mod:`~gametheory.models.diffusion.coordinator` — the government coordinator (协调者) with
  purchase of diffusion, per-flow subsidies, mandates and fines, shadow cost :math:`\lambda`;
* :mod:`~gametheory.models.diffusion.levels` — continuous diffusion-preference levels under convex
  diffusion cost (KKT), and the welfare-optimal subsidy.
"""

from gametheory.models.diffusion.market import cournot_grid
from gametheory.models.diffusion.model import DiffusionOutcome, TechnologyDiffusion

__all__ = ["TechnologyDiffusion", "DiffusionOutcome", "cournot_grid"]
