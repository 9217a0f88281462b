// The research taxonomy seeded into the Topic table. After seeding, topics are data: operators edit them in the
// database (or re-run the seed, which upserts by slug) without a deploy.
export interface TopicSeed {
  slug: string;
  name: string;
  description: string;
  keywords: string[];
  arxivCategories: string[];
}

export const TAXONOMY: TopicSeed[] = [
  {
    slug: "llm-inference",
    name: "LLM inference and efficiency",
    description: "Serving, decoding speed, KV caches, long context and efficient architectures for language models.",
    keywords: ["speculative decoding", "kv cache", "inference efficiency", "efficient inference", "long context", "attention efficiency", "throughput", "latency", "sparse attention", "mixture of experts", "token pruning"],
    arxivCategories: [],
  },
  {
    slug: "quantization",
    name: "Quantization and compression",
    description: "Quantization, pruning, distillation and low-rank methods that make models smaller.",
    keywords: ["quantization", "quantized", "pruning", "compression", "low-rank", "distillation", "bit-width", "4-bit", "8-bit"],
    arxivCategories: [],
  },
  {
    slug: "alignment-safety",
    name: "Alignment and safety",
    description: "RLHF, preference learning, jailbreaks, red teaming and the safety of AI systems.",
    keywords: ["alignment", "rlhf", "preference optimization", "dpo", "jailbreak", "red teaming", "harmful", "safety", "reward model"],
    arxivCategories: [],
  },
  {
    slug: "reasoning",
    name: "Reasoning",
    description: "Chain-of-thought, math and logical reasoning, test-time compute.",
    keywords: ["reasoning", "chain-of-thought", "chain of thought", "mathematical", "math problems", "test-time scaling", "test-time compute"],
    arxivCategories: [],
  },
  {
    slug: "speech-audio",
    name: "Speech and audio",
    description: "Speech recognition and synthesis, audio and music models.",
    keywords: ["speech", "audio", "text-to-speech", "asr", "voice", "music", "spoken"],
    arxivCategories: ["eess.AS", "cs.SD"],
  },
  {
    slug: "vision",
    name: "Computer vision",
    description: "Image understanding, vision-language models, segmentation and detection.",
    keywords: ["image", "vision-language", "visual", "segmentation", "object detection", "vlm", "multimodal"],
    arxivCategories: ["cs.CV"],
  },
  {
    slug: "video-3d",
    name: "Video and 3D",
    description: "Video understanding and generation, 3D reconstruction, Gaussian splatting, NeRF.",
    keywords: ["video", "3d", "gaussian splatting", "nerf", "point cloud", "mesh", "novel view synthesis"],
    arxivCategories: ["cs.GR"],
  },
  {
    slug: "diffusion-generative",
    name: "Diffusion and generative media",
    description: "Diffusion and flow models, text-to-image and image editing.",
    keywords: ["diffusion", "text-to-image", "image generation", "flow matching", "image editing", "generative model"],
    arxivCategories: [],
  },
  {
    slug: "robotics-agents",
    name: "Robotics and agents",
    description: "Embodied AI, robot learning, LLM agents and tool use.",
    keywords: ["robot", "robotic", "embodied", "agent", "agents", "tool use", "manipulation", "navigation"],
    arxivCategories: ["cs.RO", "cs.MA"],
  },
  {
    slug: "reinforcement-learning",
    name: "Reinforcement learning",
    description: "Policy optimisation, reward design and RL for language models.",
    keywords: ["reinforcement learning", "policy optimization", "grpo", "ppo", "reward", "rl"],
    arxivCategories: [],
  },
  {
    slug: "bayesian-probabilistic",
    name: "Bayesian and probabilistic methods",
    description: "Bayesian inference, uncertainty, probabilistic models and Monte Carlo methods.",
    keywords: ["bayesian", "uncertainty", "probabilistic", "monte carlo", "posterior", "variational inference", "gaussian process"],
    arxivCategories: ["stat.ML"],
  },
  {
    slug: "privacy-security",
    name: "Privacy and security",
    description: "Privacy-preserving ML, encryption, attacks and defences.",
    keywords: ["privacy", "homomorphic encryption", "encrypted", "differential privacy", "adversarial attack", "backdoor", "security", "watermark"],
    arxivCategories: ["cs.CR"],
  },
  {
    slug: "datasets-benchmarks",
    name: "Datasets and benchmarks",
    description: "New datasets, benchmarks and evaluation methodology.",
    keywords: ["benchmark", "dataset", "evaluation", "leaderboard"],
    arxivCategories: [],
  },
  {
    slug: "systems-hardware",
    name: "Systems and hardware",
    description: "Training and serving systems, distributed training, GPUs and accelerators.",
    keywords: ["gpu", "distributed training", "hardware", "accelerator", "kernel", "memory bandwidth", "parallelism"],
    arxivCategories: ["cs.DC", "cs.AR"],
  },
  {
    slug: "nlp-language-models",
    name: "Language models and NLP",
    description: "Pre-training, instruction tuning, multilingual models and retrieval-augmented generation.",
    keywords: ["language model", "llm", "pre-training", "instruction tuning", "multilingual", "retrieval-augmented", "rag", "translation"],
    arxivCategories: ["cs.CL"],
  },
  {
    slug: "code-generation",
    name: "Code generation",
    description: "Models that write, repair and reason about code.",
    keywords: ["code generation", "program synthesis", "software engineering", "coding", "code llm"],
    arxivCategories: ["cs.SE"],
  },
];
