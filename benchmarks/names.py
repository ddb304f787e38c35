"""Common given and family names in the UK, roughly most common first, for realistic attendees.

Drawn from the shapes a UK registration list has: the common English, Welsh, Scottish and Irish
names, and the names of people whose families came from South Asia, Africa, the Caribbean, Poland,
China, the Middle East and the rest of Europe, with their accents ("Siân", "Zoë", "Łukasz",
"Ó Súilleabháin") and particles ("ap", "Mac", "van der"). Benchmarks draw from these lists with
weights that fall with rank (a few very common names, a long tail of rarer ones), so a list of
10,000 people has the repeats and the variety of a real one.
"""

from __future__ import annotations


def listed(text: str) -> list[str]:
    """The names in text, one a word."""
    return text.split()


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


GIVEN = listed("""
Oliver Olivia George Amelia Harry Isla Jack Ava Noah Mia Charlie Ivy Leo Lily Oscar Isabella
Muhammad Sophia Arthur Grace Jacob Freya Thomas Emily William Ella James Poppy Henry Florence
Alfie Evie Theo Charlotte Joshua Willow Archie Sienna Freddie Daisy Isaac Rosie Alexander Matilda
Edward Elsie Lucas Phoebe Finley Evelyn Max Sophie Teddy Alice Samuel Emilia Daniel Jessica
Ethan Hannah Benjamin Ruby Logan Harper Sebastian Chloe Joseph Lucy Adam Ellie Mohammed Millie
David John Sarah Michael Claire Paul Emma Mark Laura Andrew Rebecca Richard Helen Peter Rachel
Stephen Katherine Christopher Catherine Simon Elizabeth Robert Anne Matthew Susan Ian Jane Gary
Julie Steven Karen Neil Nicola Alan Louise Kevin Joanne Graham Jennifer Martin Victoria Philip
Amanda Anthony Alison Jonathan Caroline Nicholas Kate Timothy Fiona Tom Jo Sam Ruth Ben Kirsty
Dan Amy Chris Gemma Rob Hayley Tony Lisa Nick Angela Keith Debbie Colin Tracey Barry Wendy
Rhys Cerys Dafydd Ffion Gareth Bethan Ioan Seren Llŷr Siân Aled Megan Owain Catrin Gethin
Angharad Rhodri Nia Huw Eleri Emyr Lowri Iolo Gwen Dylan Sioned Cai Mali Elis Glesni Siôn
Callum Eilidh Hamish Iona Euan Kirsteen Fraser Morag Ruaridh Mhairi Alasdair Catriona Angus
Isla-Rose Lachlan Ailsa Struan Sorcha Niall Shona Calum Kenzie Finlay Murdo Innes Fenella
Seán Aoife Ciarán Niamh Pádraig Saoirse Oisín Róisín Cian Siobhán Darragh Caoimhe Eoin Aisling
Tadhg Orla Cathal Gráinne Donal Clodagh Ruairí Máire Fionn Éabha Colm Mairéad Diarmuid Nuala
Priya Raj Anjali Ravi Sunita Sanjay Pooja Amit Neha Vikram Deepa Arjun Kavita Rohan Asha Nikhil
Meera Aryan Lakshmi Hari Shreya Rajesh Geeta Suresh Anika Manpreet Harpreet Gurpreet Jaswinder
Sukhdeep Kiran Simran Navdeep Harjit Parminder Ayesha Fatima Aisha Zainab Maryam Amina Ali
Omar Yusuf Ibrahim Hassan Bilal Hamza Imran Asif Nadia Sana Farah Rukhsana Shabana Tariq Zara
Kwame Ama Kofi Akosua Chidi Ngozi Emeka Chiamaka Tunde Folake Olamide Adaeze Oluwaseun Ife
Chinedu Nkechi Babajide Yetunde Abena Kwabena Efua Tendai Thandiwe Sipho Nomvula Amara Ayodele
Winston Marcia Delroy Paulette Errol Beverley Clive Sonia Leroy Yvonne Desmond Hyacinth Jermaine
Tomasz Agnieszka Piotr Katarzyna Łukasz Małgorzata Paweł Magdalena Krzysztof Joanna Michał
Ewa Marek Zofia Wojciech Dorota Bartłomiej Aleksandra Grzegorz Jadwiga Andrzej Beata Jakub
Wei Mei Jun Xin Li Ying Hao Yan Chen Ling Hui Min Jie Qing Zhen Lan Kai Fang
José María Ana João Inês Chloé Zoë Renée Noémie Amélie Hélène Célia Léa André Jérôme François
Björn Søren Åsa Jürgen Günter Käthe Jörg Mónica Sofía Ángel Raúl Iñaki Núria Joaquín Andrés
Giulia Marco Francesca Luca Chiara Matteo Nikos Eleni Yiannis Dimitra Mehmet Ayşe Emre Elif
Reza Leila Dariush Shirin Karim Yasmin Rania Samir Layla Khalid Noor Hiba Dina Youssef Malak
""")

FAMILY = _lines("""
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott
Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson
Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams
Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell
Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews
Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong
Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley
Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed
Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton
Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald
Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers
O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan
Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson
Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost
Lambert Stephens Blake Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham Quinn Barnett
Baxter Bibi Clayton Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson
Fowler Heath Norman Middleton Lees Banks French Charlton Iqbal Rahman Hussein Mahmood Akram
Llewellyn Pugh Bowen Prosser Vaughan Gwilliam Howells Rowlands Meredith Beynon Jenkin Powys
ap Gruffydd ap Rhys ab Owen Pryce Prydderch Gruffudd Cadwaladr Wynne Lloyd-Jones Rhys-Davies
MacLeod MacDonald MacKenzie McLean MacGregor McIntyre Fraser Buchanan Sinclair Munro Drummond
Fyfe Ferguson Cameron Kerr Paterson Mackay McKay Urquhart Grieve Lennox Ogilvie Menzies Crichton
Ó Súilleabháin Ní Bhriain Ó Briain Mac Cárthaigh Ó Ceallaigh Ní Dhonnchadha Ó Néill Fitzgerald
Ó Dónaill Mac Mathúna Ó Murchú Ní Mhurchú Fitzpatrick Brennan Kavanagh Keane Gallagher Doherty
Sharma Gupta Kumar Mistry Desai Joshi Mehta Chauhan Parmar Chopra Verma Malhotra Rao Reddy Nair
Menon Iyer Pillai Bhatt Solanki Sandhu Dhillon Gill Bains Sidhu Grewal Chohan Chaudhry Qureshi
Malik Butt Raja Mirza Sheikh Siddiqui Anwar Aziz Hanif Rashid Nawaz Javed Choudhury Uddin Islam
Mensah Asante Boateng Owusu Osei Adjei Okafor Okonkwo Eze Nwosu Adeyemi Adebayo Okoro Balogun
Oyelaran Akinola Obi Nwachukwu Moyo Dube Ncube Kamara Bangura Conteh Mwangi Otieno Abdi Warsame
Campbell-Brown Thompson-Reid Clarke-Bennett Forbes Bailey-Grant Sterling Wint Gayle Ricketts
Kowalczyk Nowak Wiśniewski Wójcik Kowalski Kamiński Lewandowski Zieliński Szymański Woźniak
Dąbrowski Kozłowski Jankowski Mazur Krawczyk Piotrowski Grabowski Pawłowski Michalski Król
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo Cheung Wong
Nguyen Tran Pham Le Kim Park Choi Tanaka Sato Suzuki
García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Ruiz Núñez Jiménez
Silva Santos Ferreira Pereira Oliveira Costa Gonçalves Sousa Dubois Lefèvre Moreau Girard Roux
Fournier Bonnet Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schäfer Koch Fuchs
Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Papadopoulos Georgiou
Yılmaz Kaya Demir Şahin Çelik Öztürk Ångström Lindqvist Johansson Andersson Nielsen Jensen
Hansen Larsen Van der Berg De Vries Van Dijk Janssen Al-Masri Haddad Khalil Nasser Mansour
Hosseini Rahimi Karimi Moradi Tehrani Abbasi Farouk Saleh Yousef Hamdan Darwish Jaber
""")

# A second pass splits the lines on spaces but keeps the particles with the name they belong to.
_PARTICLES = {"ap", "ab", "ó", "ní", "mac", "van", "de", "der", "al"}


def _family_names() -> list[str]:
    names: dict[str, None] = {}
    for line in FAMILY:
        words = line.split()
        held: list[str] = []
        for word in words:
            held.append(word)
            if word.casefold() not in _PARTICLES:
                names[" ".join(held)] = None
                held = []
    return list(names)


# The long tail: rarer English family names are mostly places ("Ashworth", "Thornley"); real lists
# of thousands of people have hundreds of them that no short list holds.
_HEADS = listed("""
Ash Black Brad Brom Cal Chad Craw Elm Fair Glad Hal Hart Hol Kings Lang Mid Nor Pen Rad Red
Shel Stan Thorn Wad Wen Whit Wood Bram Cart Dun Fen Gold Hask Hay Lock Marl Oak Pick Rush Sand
""")
_TAILS = listed(
    "ford ley ton worth well wick more field combe by ham hurst den stone shaw bridge dale"
)


def _rare_family_names() -> list[str]:
    known = set(_family_names())
    rare = [head + tail for tail in _TAILS for head in _HEADS]
    return [name for name in rare if name not in known]


FAMILY_NAMES = _family_names() + _rare_family_names()
