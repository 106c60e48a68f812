/**
 * Brazilian Portuguese chat → the English the recogniser's cues know. Keys are accent-free,
 * lowercase token sequences (longest match wins); values are English ('' drops the token).
 * Written for Ragnarok players' chat: "vlw", "blz", "qnt", "mano", "pfv", "vc", "tb", "pq", "cade", "tmj".
 */
export const PT: Readonly<Record<string, string>> = {
  // greetings, farewells, thanks, politeness
  oi: 'hi', ola: 'hello', oie: 'hi', eae: 'hey', eai: 'hey', 'e ai': 'hey', opa: 'hey', salve: 'hello', 'salve salve': 'hello', fala: 'hey', 'fala ai': 'hey',
  'bom dia': 'good morning', 'boa tarde': 'good afternoon', 'boa noite': 'good evening', 'tudo bem': 'how are you', 'td bem': 'how are you',
  'tudo bom': 'how are you', 'como vai': 'how are you', 'como ta': 'how are you', 'como voce ta': 'how are you', 'como vc ta': 'how are you',
  tchau: 'bye', xau: 'bye', tchauzinho: 'bye', flw: 'bye', falou: 'bye', falows: 'bye', 'ate mais': 'see you', 'ate logo': 'see you', 'ate amanha': 'see you tomorrow',
  'vou nessa': 'i am leaving', fui: 'i am leaving', 'to indo': 'i am leaving', 'vou indo': 'i am leaving', 'vou sair': 'i am leaving', 'tenho que ir': 'i have to go',
  'preciso ir': 'i need to go', 'vou dormir': 'going to sleep', 'vou deslogar': 'logging off',
  vlw: 'thanks', valeu: 'thanks', obrigado: 'thanks', obrigada: 'thanks', obg: 'thanks', brigado: 'thanks', brigada: 'thanks', tmj: 'thanks', agradeco: 'thanks',
  pfv: 'please', pf: 'please', pls: 'please', 'por favor': 'please', porfavor: 'please',
  blz: '', beleza: 'ok', fechou: 'deal', fechado: 'deal', bora: 'lets go', 'bora la': 'lets go', claro: 'sure', 'pode ser': 'sure', 'manda ver': 'go ahead',
  'pode mandar': 'go ahead', pode: 'yes', 'pode sim': 'yes', sim: 'yes', ss: 'yes', isso: 'that', nao: 'no', n: 'no', nem: 'no', 'deixa pra la': 'never mind',
  esquece: 'never mind', 'nao quero': 'no thanks', 'agora nao': 'not now', 'na verdade': 'actually', alias: 'actually', 'muda pra': 'make it', 'troca pra': 'make it',
  'melhor': 'make it', desculpa: 'sorry', desculpe: 'sorry', perdao: 'sorry', 'foi mal': 'sorry', mals: 'sorry',
  mano: 'bro', mana: 'sis', cara: 'dude', parca: 'bro', parceiro: 'bro', brother: 'bro', moca: 'miss', moco: 'mister', senhor: 'sir', senhora: 'madam', tio: 'mister', tia: 'lady',
  // pronouns, articles, small words
  eu: 'i', vc: 'you', voce: 'you', vcs: 'you', voces: 'you', ce: 'you', tu: 'you', me: 'me', mim: 'me', meu: 'my', minha: 'my', meus: 'my', minhas: 'my', seu: 'your',
  sua: 'your', seus: 'your', suas: 'your', nos: 'we', ele: 'he', ela: 'she', o: 'the', a: 'the', os: 'the', as: 'the', um: 'a', uma: 'a', uns: 'some', umas: 'some',
  algum: 'any', alguma: 'any', alguns: 'some', algumas: 'some', de: 'of', do: 'of the', da: 'of the', dos: 'of the', das: 'of the', em: 'in', no: 'in the', na: 'in the',
  com: 'with', pra: 'to', para: 'to', pro: 'to the', ate: 'to', e: 'and', ou: 'or', que: 'that', q: 'that', oq: 'what', 'o que': 'what', 'o q': 'what', qual: 'which',
  quais: 'which', esse: 'that', essa: 'that', este: 'this', esta: 'this', isto: 'this', aquele: 'that', aquela: 'that', aquilo: 'that', desse: 'of this', dessa: 'of this',
  deste: 'of this', desta: 'of this', aqui: 'here', ai: 'there', ali: 'there', la: 'there', 'pra la': 'there', so: 'just', tb: 'too', tbm: 'too', tambem: 'too',
  mais: 'more', muito: 'very', muitos: 'many', tudo: 'everything', todos: 'all', todas: 'all', 'todos eles': 'all of them', 'todas elas': 'all of them', 'tudo isso': 'all of them',
  ta: 'is', eh: 'is', 'e o': 'and the', 'e a': 'and the', 'e os': 'and the', 'e as': 'and the', to: 'i am', tou: 'i am', estou: 'i am', sou: 'i am',
  hj: 'today', hoje: 'today', agora: 'now', depois: 'later', pq: 'why', porque: 'because', 'por que': 'why', tem: 'have', tens: 'have', tenho: 'i have', ter: 'have',
  duzia: 'dozen', 'uma duzia': 'a dozen', dois: '2', duas: '2', tres: '3', quatro: '4', cinco: '5', seis: '6', sete: '7', oito: '8', nove: '9', dez: '10', doze: '12',
  quinze: '15', vinte: '20', trinta: '30', cinquenta: '50', cem: '100', 'mais dois': '2 more', 'mais duas': '2 more', 'mais um': '1 more', 'mais uma': '1 more',
  // trade
  'quero comprar': 'i want to buy', comprar: 'buy', compro: 'want to buy', 'me ve': 'give me', 'me da': 'give me', 'me de': 'give me', 'me passa': 'give me',
  'me vende': 'sell me', vende: 'sell', vendem: 'sell', 'vc vende': 'do you sell', 'voce vende': 'do you sell', 'quero vender': 'i want to sell', vender: 'sell',
  vendo: 'want to sell', 'vc compra': 'do you buy', 'voce compra': 'do you buy', compra: 'buy', compram: 'buy', levo: 'i will take', 'vou levar': 'i will take',
  quero: 'i want', queria: 'i want', 'eu quero': 'i want', preciso: 'i need', loja: 'shop', lojinha: 'shop', 'loja de armas': 'weapon shop', 'loja de armaduras': 'armor shop',
  'loja de itens': 'tool shop', 'loja de pocoes': 'tool shop', mercado: 'market', 'quanto vc paga': 'how much will you pay', 'quanto voce paga': 'how much will you pay',
  'quanto paga': 'how much will you pay', 'quanto me da': 'how much will you give', paga: 'pay', drops: 'loot', drop: 'loot', saque: 'loot',
  quanto: 'how much', qnt: 'how much', qto: 'how much', quantos: 'how many', quantas: 'how many', 'quanto e': 'how much is', 'quanto custa': 'how much is',
  'quanto sai': 'how much is', 'quanto ta': 'how much is', custa: 'cost', preco: 'price', precos: 'prices', caro: 'expensive', barato: 'cheap',
  desconto: 'discount', 'mais barato': 'cheaper', dinheiro: 'money', grana: 'money',
  // items
  pocao: 'potion', pocoes: 'potions', pote: 'pot', potes: 'pots', 'asa de mosca': 'fly wing', 'asas de mosca': 'fly wings', 'asa de borboleta': 'butterfly wing',
  'asas de borboleta': 'butterfly wings', gema: 'gem', gemas: 'gems', pena: 'feather', penas: 'feathers', espada: 'sword', espadas: 'swords', adaga: 'dagger',
  adagas: 'daggers', armadura: 'armor', armaduras: 'armor', bota: 'boots', botas: 'boots', sapato: 'shoes', sapatos: 'shoes', arco: 'bow', flecha: 'arrow', flechas: 'arrows',
  escudo: 'shield', capa: 'muffler', chapeu: 'hat', capacete: 'helm', erva: 'herb', ervas: 'herbs', maca: 'apple', macas: 'apples', carne: 'meat', leite: 'milk', mel: 'honey',
  arma: 'weapon', armas: 'weapons', equipamento: 'equipment', equip: 'equipment', coisas: 'things', itens: 'items', item: 'item', lupa: 'magnifier', 'agua benta': 'holy water',
  vermelha: 'red', vermelho: 'red', vermelhas: 'red', vermelhos: 'red', azul: 'blue', azuis: 'blue', amarela: 'yellow', amarelo: 'yellow', amarelas: 'yellow',
  amarelos: 'yellow', branca: 'white', branco: 'white', brancas: 'white', brancos: 'white', verde: 'green', verdes: 'green', laranja: 'orange', laranjas: 'orange',
  // travel
  onde: 'where', aonde: 'where', 'onde fica': 'where is', 'onde e': 'where is', 'onde ta': 'where is', cade: 'where is', 'como chego': 'how do i get', 'como eu chego': 'how do i get',
  'como vou': 'how do i get', 'como faco pra chegar': 'how do i get', chegar: 'get', caminho: 'way', perdido: 'lost', perdida: 'lost', longe: 'far', perto: 'near',
  'me leva': 'take me', 'me levar': 'take me', 'leva eu': 'take me', 'me manda': 'send me', 'me teleporta': 'teleport me', teleporta: 'teleport', teleportar: 'teleport',
  teletransporte: 'teleport', 'quero ir': 'i want to go', 'queria ir': 'i want to go', ir: 'go', vou: 'i will go', viagem: 'trip', destino: 'destination',
  igreja: 'church', pousada: 'inn', hotel: 'inn', taverna: 'tavern', castelo: 'castle', fonte: 'fountain', porto: 'docks', cais: 'docks', portao: 'gate',
  biblioteca: 'library', banco: 'bank', cemiterio: 'cemetery', ferraria: 'refinery', forja: 'forge', masmorra: 'dungeon', caverna: 'cave', cidade: 'town', vila: 'village',
  // services
  armazem: 'storage', bau: 'storage', guardar: 'store', deposita: 'deposit', depositar: 'deposit', retirar: 'withdraw', mochila: 'inventory', bolsa: 'bag',
  inventario: 'inventory', cheia: 'full', cheio: 'full', lotada: 'full', lotado: 'full', pesado: 'heavy', pesada: 'heavy', acessar: 'access', abre: 'open', abrir: 'open',
  salva: 'save', salvar: 'save', 'salve meu': 'save my', 'salve minha': 'save my', 'salve aqui': 'save here', 'salve o': 'save the', ponto: 'point',
  'ponto de retorno': 'save point', 'ponto de respawn': 'save point', renascer: 'respawn', reviver: 'respawn', respawnar: 'respawn', marca: 'set', marcar: 'set',
  retorno: 'return', morrer: 'die', morro: 'i die',
  // quests
  missao: 'quest', missoes: 'quests', tarefa: 'task', tarefas: 'tasks', trampo: 'work', trabalho: 'work', servico: 'work', servicinho: 'work', 'precisa de ajuda': 'do you need help',
  ajuda: 'help', 'me ajuda': 'help me', 'me ajude': 'help me', ajudar: 'help', matei: 'i killed', trouxe: 'i brought', terminei: 'i finished', acabei: 'i finished',
  entreguei: 'i delivered', peguei: 'i got', consegui: 'i got', juntei: 'i collected', 'que vc pediu': 'you asked for', 'que voce pediu': 'you asked for', pediu: 'asked for',
  recompensa: 'reward', premio: 'reward', 'quantos faltam': 'how many more', 'quanto falta': 'how many more', faltam: 'left', falta: 'left',
  // jobs
  virar: 'become', 'quero ser': 'i want to be', ser: 'be', tornar: 'become', 'me tornar': 'become', 'me transforma em': 'make me a', 'me transforme em': 'make me a',
  'mudar de classe': 'job change', 'trocar de classe': 'job change', 'mudar de job': 'job change', classe: 'class', 'posso ser': 'can i be', profissao: 'class',
  mago: 'mage', maga: 'mage', espadachim: 'swordman', arqueiro: 'archer', arqueira: 'archer', novico: 'acolyte', novica: 'acolyte', gatuno: 'thief', gatuna: 'thief',
  mercador: 'merchant', aprendiz: 'novice', 'super aprendiz': 'super novice', cavaleiro: 'knight', bruxo: 'wizard', bruxa: 'wizard', sacerdote: 'priest',
  sacerdotisa: 'priest', cacador: 'hunter', cacadora: 'hunter', ferreiro: 'blacksmith', alquimista: 'alchemist', mercenario: 'assassin', monge: 'monk', templario: 'crusader',
  sabio: 'sage', arruaceiro: 'rogue', bardo: 'bard', odalisca: 'dancer', justiceiro: 'gunslinger',
  // refine
  refina: 'refine', refinar: 'refine', refino: 'refine', refinamento: 'refine', melhora: 'upgrade', melhorar: 'upgrade', 'da um upgrade': 'upgrade', upar: 'upgrade',
  // lore, smalltalk
  quem: 'who', 'quem e': 'who is', rei: 'king', rainha: 'queen', historia: 'story', lenda: 'legend', conta: 'tell', 'me conta': 'tell me', 'me fala': 'tell me',
  'o que aconteceu': 'what happened', 'oq aconteceu': 'what happened', aconteceu: 'happened', sobre: 'about', 'o que e': 'what is', 'oq e': 'what is',
  dia: 'day', bonito: 'nice', bonita: 'nice', lindo: 'lovely', linda: 'lovely', tempo: 'weather', chuva: 'rain', sol: 'sunny', kkkk: 'lol', kkk: 'lol', kkkkk: 'lol',
  kkkkkk: 'lol', rsrs: 'lol', rs: 'lol', engracado: 'funny', engracada: 'funny', legal: 'cool', fofa: 'cute', gosta: 'like', gosto: 'i like', trabalha: 'work',
  // insults
  idiota: 'idiot', burro: 'stupid', burra: 'stupid', inutil: 'useless', inuteis: 'useless', 'cala a boca': 'shut up', 'cala boca': 'shut up', 'vai se ferrar': 'screw you',
  'vai tomar no cu': 'screw you', vtnc: 'screw you', vsf: 'screw you', 'vai a merda': 'screw you', lixo: 'trash', otario: 'loser', otaria: 'loser', babaca: 'jerk',
  imbecil: 'imbecile', chato: 'annoying', chata: 'annoying', feio: 'ugly', feia: 'ugly', merda: 'shit', porra: 'fuck', caralho: 'fuck', nub: 'noob', retardado: 'retard',
  // help
  'sou novo': 'i am new', 'sou nova': 'i am new', novato: 'newbie', novata: 'newbie', iniciante: 'beginner', 'o que eu faco': 'what do i do', 'oq eu faco': 'what do i do',
  'que eu faco': 'what do i do', 'o que faco': 'what do i do', faco: 'do', faz: 'do', 'o que vc faz': 'what do you do', 'oq vc faz': 'what do you do', 'o que voce faz': 'what do you do',
  'como funciona': 'how does work', funciona: 'works', dica: 'tip', dicas: 'tips', posso: 'can i', 'vc pode': 'can you', consegue: 'can you',
};
